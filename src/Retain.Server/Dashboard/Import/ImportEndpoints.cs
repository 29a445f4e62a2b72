using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Retain.Server.Dashboard.Import;

/// <summary>
/// The upload behind the Import page. A plain endpoint rather than a component form: the body is far larger than a
/// page post (its own size limit, read as a disk-buffered form file) and the answer is only a redirect to the preview.
/// </summary>
public static class ImportEndpoints
{
    public const string UploadPath = "/import/upload";

    public static IEndpointRouteBuilder MapImportUpload(this IEndpointRouteBuilder app)
    {
        app.MapPost(UploadPath, Upload)
            .RequireAuthorization(DashboardPolicies.Edit)
            .WithMetadata(new RequestSizeLimitAttribute(UploadedFiles.MaxBytes))
            .WithFormOptions(multipartBodyLengthLimit: UploadedFiles.MaxBytes)
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>Antiforgery is checked by the framework for form-bound endpoints; the file is copied to the upload folder in chunks.</summary>
    internal static async Task<RedirectHttpResult> Upload(IFormFile? file, UploadedFiles uploads, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
            return TypedResults.LocalRedirect("/import?error=no_file");
        try
        {
            await using var content = file.OpenReadStream();
            var upload = await uploads.SaveAsync(content, file.FileName, cancellationToken);
            return TypedResults.LocalRedirect($"/import/{upload.Id}");
        }
        catch (InvalidDataException)
        {
            return TypedResults.LocalRedirect("/import?error=too_large");
        }
    }
}
