using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Retain.Core.Errors;

namespace Retain.Server.Api;

/// <summary>
/// The one place domain and binding errors become ProblemDetails: 404/409/422 for domain refusals, 400 (with the JSON
/// path of the offending field) for malformed or mistyped bodies and parameters, 413 for bodies over the limit.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            NotFoundException e => Problem(404, "Not found", e),
            ConflictException e => Problem(409, "Conflict", e),
            UnprocessableException e => Problem(422, "The request cannot be processed", e),
            BadHttpRequestException e => FromBadRequest(e),
            _ => null,
        };
        if (problem is null)
            return false;
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Problem(int status, string title, DomainException e) => e.Errors.Count == 0
        ? new ProblemDetails { Status = status, Title = title, Detail = e.Message }
        : new HttpValidationProblemDetails(e.Errors.ToDictionary()) { Status = status, Title = title, Detail = e.Message };

    private static ProblemDetails FromBadRequest(BadHttpRequestException e)
    {
        if (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return new ProblemDetails { Status = 413, Title = "Request body too large", Detail = e.Message };
        var (field, reason) = e.InnerException switch
        {
            JsonException json => (FieldOf(json.Path), Reason(json)),
            _ when ParameterName().Match(e.Message) is { Success: true } m => (m.Groups[1].Value, e.Message),
            _ => ("body", e.Message),
        };
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [reason] })
        {
            Status = e.StatusCode,
            Title = "The request is malformed",
        };
    }

    /// <summary>"$.lines[0].quantity" → "lines[0].quantity"; the whole body when the path is the root.</summary>
    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string Reason(JsonException json) =>
        json.Message.Contains("could not be converted", StringComparison.Ordinal)
            ? "The value has the wrong type or format."
            : json.Message.Split(" Path:", 2)[0];

    [GeneratedRegex("parameter \"(?:[^\" ]+ )?([^\" ]+)\"")]
    private static partial Regex ParameterName();
}
