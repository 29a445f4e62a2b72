using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Retain.Server.Api;

/// <summary>
/// Caps request bodies before anything reads them (413), and buffers the body of a write carrying an
/// <c>Idempotency-Key</c> so the idempotency check can hash exactly the bytes that were sent.
/// </summary>
internal sealed class ApiRequestLimits(RequestDelegate next, IOptions<ApiOptions> options)
{
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        // An endpoint that declares its own limit (the dashboard's file upload) is capped by that instead.
        if (context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>() is not null)
        {
            await next(context);
            return;
        }
        var limit = options.Value.MaxBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = 413, Title = "Request body too large", Detail = $"The body may have at most {limit} bytes (Retain:Api:MaxBodyBytes)." },
            });
            return;
        }
        // Bodies without a length (chunked) are cut off by the server at the same limit.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limit;
        if (context.Request.Headers.ContainsKey(WriteTransactionFilter.IdempotencyHeader))
            context.Request.EnableBuffering();
        await next(context);
    }
}
