using System.Globalization;

namespace Retain.Core.Predict;

public sealed partial record BacktestReportText
{
    /// <summary>
    /// The dashboard's Polish: pl-PL numbers (decimal comma, non-breaking space between thousands) and dates. Counts
    /// are written as "klienci: 1 234" rather than "1 234 klientów", so no sentence depends on Polish plural forms.
    /// </summary>
    public static readonly BacktestReportText Polish = new()
    {
        Language = "pl",
        Culture = CultureInfo.GetCultureInfo("pl-PL"),
        DateFormat = "d",
        Thousands = " tys.",
        Millions = " mln",
        PageTitle = "Retain: test wsteczny · dane do {0}",
        PageHeading = "Test wsteczny prognoz",
        PeriodLine = "Okres kalibracji <b>{0} – {1}</b> · okres testowy <b>{2} – {3}</b> (dni: {4}) · ",
        CountsLine = "klienci: {0:N0} (powracający: {1:N0}) · zakupy powtórne w okresie kalibracji: {2:N0}, zakupy w okresie testowym: {3:N0} · kwoty w {4}",
        HowToRead = """
            <section><h2>Jak czytać ten raport</h2><dl>
            <dt>Okres kalibracji i okres testowy</dt><dd>Każdy model widział tylko zamówienia sprzed punktu podziału; okres testowy jest sprawdzianem. Zakup to dzień zakupu: kilka zamówień klienta z jednego dnia liczy się raz.</dd>
            <dt>Przebieg</dt><dd>Na lewo od punktu podziału modele powinny pokrywać się z rzeczywistą krzywą (dopasowanie), a na prawo nadal za nią podążać (prognoza). Model, który zostaje w tyle w okresie testowym, zaniża przyszłe zakupy.</dd>
            <dt>Oczekiwania warunkowe</dt><dd>Czy modele trafnie oceniają każdy rodzaj klienta, od kupujących jednorazowo (x = 0) po kupujących najczęściej.</dd>
            <dt>MAE na klienta</dt><dd>Średnia bezwzględna różnica między oczekiwaną a rzeczywistą liczbą zakupów klienta w okresie testowym: błąd pojedynczych prognoz, a nie tylko sumy.</dd>
            <dt>Miary odejść</dt><dd>ROC AUC: jak dobrze wynik stawia odchodzących klientów wyżej niż pozostających (0,5 = losowo). PR AUC: średnia precyzja. Błąd Briera i strata logarytmiczna: jak blisko prawdopodobieństwa są rzeczywistych wyników (im mniej, tym lepiej); wykres kalibracji pokazuje to samo dla każdego decyla.</dd>
            </dl><p class="note">Wygenerowane przez Retain. Ta strona jest samodzielna: bez skryptów i zasobów zewnętrznych.</p></section>
            """,
        HoldoutHeading = "Zakupy w okresie testowym",
        HoldoutHeaders = ["Model", "Prognoza", "Rzeczywiście", "Błąd", "MAE na klienta", "RMSE"],
        SpendNote = "Wartość zakupu w okresie testowym (klienci, którzy kupili: {0:N0}): model Gamma-Gamma przewidział średnio {1:N2}, w rzeczywistości {2:N2}, średni błąd bezwzględny {3:N2}.",
        NoSpendModel = "Brak modelu wartości zakupów: {0}",
        TrackingHeading = "Przebieg: skumulowane zakupy powtórne tydzień po tygodniu",
        TrackingNote = "Dni zakupów powtórnych klientów pozyskanych przed punktem podziału: rzeczywiste wobec tego, czego każdy model oczekuje wyłącznie na podstawie dat pierwszych zakupów. Na lewo od znacznika modele widziały dane, na prawo od niego prognozują.",
        TrackingChart = "Skumulowane zakupy powtórne: rzeczywiste i według modeli",
        TrackingX = "tydzień od pierwszego zamówienia",
        TrackingY = "zakupy powtórne",
        CutoffMarker = "punkt podziału",
        Actual = "Rzeczywiście",
        TrackingTable = "Przebieg w tabeli",
        TrackingHeaders = ["Tydzień", "Koniec", "Rzeczywiście"],
        FrequencyHeading = "Oczekiwania warunkowe według częstości zakupów w okresie kalibracji",
        FrequencyNote = "Średnia liczba zakupów w okresie testowym klientów, którzy w okresie kalibracji mieli x zakupów powtórnych (ostatnia grupa: 7 lub więcej).",
        FrequencyChart = "Zakupy w okresie testowym według częstości w okresie kalibracji",
        FrequencyX = "zakupy powtórne w okresie kalibracji (7 = 7+)",
        FrequencyY = "średnia liczba zakupów w okresie testowym",
        FrequencyHeaders = ["x", "Klienci", "Rzeczywiście"],
        ParametersHeading = "Parametry",
        ParametersNote = "Estymatory największej wiarygodności z okresu kalibracji, błędy standardowe z odwrotności hesjanu (metoda delta ze skali logarytmicznej); logarytmy wiarygodności to pełne sumy, czas w tygodniach.",
        ParameterHeaders = ["Model", "Parametr", "Oszacowanie", "Błąd std.", "Log. wiarygodności", "Dopasowanie"],
        SpendModelRow = "Gamma-Gamma (powracający klienci: {0:N0})",
        Converged = "zbieżne",
        NotConverged = "niezbieżne",
        Iterations = " (iteracje: {0})",
        ChurnHeading = "Odejścia: brak zakupu w {0}-dniowym okresie testowym",
        ChurnUnavailable = "Modelu odejść nie udało się przetestować wstecznie: {0}",
        ChurnNote = "Model odejść uczył się na wcześniejszych migawkach (liczba: {0}), których okno etykiety zamknęło się przed punktem podziału (przesunięcie sezonowe {1:0.000} w logarytmie szans); punktem odniesienia jest prawdopodobieństwo braku zakupu w okresie testowym według BG/NBD dopasowanego w okresie kalibracji, które nie korzysta z etykiet.",
        ChurnHeaders = ["Wynik", "Klienci", "Odsetek odejść", "ROC AUC", "PR AUC", "Błąd Briera", "Strata log."],
        ChurnModel = "Model odejść",
        BaselineScore = "BG/NBD P(brak zakupu)",
        Baseline = "BG/NBD (odniesienie)",
        CalibrationChart = "Kalibracja według decyli przewidywanego odejścia",
        CalibrationX = "średnie przewidywane prawdopodobieństwo (decyl)",
        CalibrationY = "zaobserwowany odsetek odejść",
        RocChart = "Krzywa ROC",
        RocX = "odsetek fałszywie pozytywnych",
        RocY = "odsetek prawdziwie pozytywnych",
        PrecisionRecallChart = "Krzywa precyzja–czułość",
        PrecisionRecallX = "czułość",
        PrecisionRecallY = "precyzja",
        DecileTable = "Decyle kalibracji w tabeli",
        DecileHeaders = ["Decyl", "Klienci", "Prognoza modelu", "Zaobserwowane", "Prognoza odniesienia", "Zaobserwowane"],
    };
}
