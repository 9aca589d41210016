namespace Features.PluginSdk;

/// <summary>The SDK's contract version; the host refuses plugins built against another major version.</summary>
public static class SdkInfo
{
    /// <summary>Major version of the plugin contract.</summary>
    public const int ContractMajorVersion = 1;
}
