using Microsoft.Extensions.FileProviders;

namespace Features.Host.Ui;

/// <summary>
/// The web UI: static files under wwwroot served at <c>/</c>, anonymously (they hold no data; every API call the page
/// makes carries the key the user typed in, and the API judges it as for any other client).
/// </summary>
public static class WebUi
{
    public static void UseWebUi(this WebApplication app)
    {
        var files = new PhysicalFileProvider(Folder(app.Environment));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                // Everything the page loads is its own: no CDN, no inline script.
                headers.ContentSecurityPolicy = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
                headers.XContentTypeOptions = "nosniff";
                headers.CacheControl = "no-cache";
            },
        });
    }

    /// <summary>
    /// The project's wwwroot when the host runs from its source tree (edits show on reload), else the copy the build puts
    /// beside the binary: `dotnet Features.Host.dll` from any working directory still serves the UI.
    /// </summary>
    private static string Folder(IWebHostEnvironment environment)
    {
        var source = Path.Combine(environment.ContentRootPath, "wwwroot");
        return File.Exists(Path.Combine(source, "index.html")) ? source : Path.Combine(AppContext.BaseDirectory, "wwwroot");
    }
}
