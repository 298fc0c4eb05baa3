using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Affiliate.AspNetCore;

/// <summary>
/// Describes an endpoint's JSON body in the OpenAPI document without <c>Accepts</c> metadata: routing answers a
/// request whose media type the metadata does not list with an empty 415 before the handler runs, where the adapter
/// answers every bad body with problem details (<see cref="JsonBody"/>).
/// </summary>
internal static class JsonBodyDocumentation
{
    /// <summary>Documents <typeparamref name="T"/> as the endpoint's <c>application/json</c> request body.</summary>
    public static RouteHandlerBuilder AcceptsJson<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(
            async (operation, context, cancellationToken) =>
            {
                var schema = await context
                    .GetOrCreateSchemaAsync(typeof(T), null, cancellationToken)
                    .ConfigureAwait(false);
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                    {
                        ["application/json"] = new() { Schema = schema },
                    },
                };
            }
        );
}
