//! Which URL ssoenv calls for each AWS service, for a given profile: the same
//! endpoint-override rules as botocore (`AWS_ENDPOINT_URL_<SERVICE>`,
//! `AWS_ENDPOINT_URL`, `[services]` sections, `endpoint_url`), so local
//! stand-ins such as LocalStack or the test suite's fake AWS work with ssoenv
//! exactly as they do with the AWS CLI; otherwise the partition's default URL.
//! For STS also the region its signature names, with botocore's STS rules
//! (`sts_regional_endpoints`, `use_fips_endpoint`, `use_dualstack_endpoint`).

use crate::config::{Config, Section, Value};
use crate::env::Env;
use std::fmt;

/// The services ssoenv talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Service {
    /// IAM Identity Center OIDC (client registration, device and PKCE flows).
    SsoOidc,
    /// The IAM Identity Center portal (accounts, roles, role credentials).
    Sso,
    /// STS (assume-role).
    Sts,
    /// The console federation endpoint (sign-in tokens and console URLs).
    Signin,
}

impl Service {
    /// The variable that overrides this service's URL, `AWS_ENDPOINT_URL_<SERVICE ID>`.
    pub fn env_var(self) -> &'static str {
        match self {
            Service::SsoOidc => "AWS_ENDPOINT_URL_SSO_OIDC",
            Service::Sso => "AWS_ENDPOINT_URL_SSO",
            Service::Sts => "AWS_ENDPOINT_URL_STS",
            Service::Signin => "AWS_ENDPOINT_URL_SIGNIN",
        }
    }

    /// The key of this service's sub-section in a `[services NAME]` section.
    pub fn config_key(self) -> &'static str {
        match self {
            Service::SsoOidc => "sso_oidc",
            Service::Sso => "sso",
            Service::Sts => "sts",
            Service::Signin => "signin",
        }
    }
}

/// Where a URL came from, for `--verbose` output and error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndpointSource {
    /// The partition's default for the region.
    Default,
    /// A service-specific variable, such as `AWS_ENDPOINT_URL_STS`.
    EnvService(&'static str),
    /// `AWS_ENDPOINT_URL`.
    EnvGlobal,
    /// `[services NAME]` named by the profile's `services` setting.
    ServicesSection(String),
    /// The profile's own `endpoint_url`.
    ProfileEndpointUrl,
}

impl fmt::Display for EndpointSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EndpointSource::Default => f.write_str("default for the region"),
            EndpointSource::EnvService(var) => f.write_str(var),
            EndpointSource::EnvGlobal => f.write_str("AWS_ENDPOINT_URL"),
            EndpointSource::ServicesSection(name) => write!(f, "[services {name}]"),
            EndpointSource::ProfileEndpointUrl => f.write_str("the profile's endpoint_url"),
        }
    }
}

/// A URL to call, without a trailing slash, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub url: String,
    pub source: EndpointSource,
}

/// The URL of `service` in `region` for `profile` (`None` when the selected
/// profile is in neither file), following botocore's order:
/// 1. `AWS_ENDPOINT_URL_<SERVICE>`, 2. `AWS_ENDPOINT_URL`,
/// 3. the profile's `services = NAME` → `[services NAME]` → `<service> =` → `endpoint_url`,
/// 4. the profile's `endpoint_url`, 5. the default for the region.
///
/// Empty values count as unset (botocore tests each for truth). All overrides
/// are off when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is `true` (any case), or,
/// when that variable is not set at all, when the profile's
/// `ignore_configured_endpoint_urls` is `true`: a set variable always decides,
/// even when empty, because botocore's config chain stops at the first value.
///
/// Where botocore raises (a `services` setting naming a missing or empty
/// section, a service key that is not a sub-section), ssoenv skips that rule.
///
/// STS's default follows [`sts`].
pub fn resolve(
    service: Service,
    region: &str,
    profile: Option<&Section>,
    config: &Config,
    env: &Env,
) -> Endpoint {
    if service == Service::Sts {
        return sts(Some(region), profile, config, env).endpoint;
    }
    if !ignore_configured(profile, env)
        && let Some(url) = overridden(service, profile, config, env)
    {
        return url;
    }
    Endpoint {
        url: default_url(service, region),
        source: EndpointSource::Default,
    }
}

fn ignore_configured(profile: Option<&Section>, env: &Env) -> bool {
    flag(
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
        "ignore_configured_endpoint_urls",
        profile,
        env,
    )
}

/// A setting as botocore's config chain reads it: the variable when it is set
/// at all (even empty), else the profile's key.
fn setting<'a>(
    var: &str,
    key: &str,
    profile: Option<&'a Section>,
    env: &'a Env,
) -> Option<&'a str> {
    env.get(var).or_else(|| profile.and_then(|p| p.get(key)))
}

/// A boolean setting, as botocore's `utils.ensure_boolean`: `true` in any case.
fn flag(var: &str, key: &str, profile: Option<&Section>, env: &Env) -> bool {
    setting(var, key, profile, env).is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

/// The region a client uses, in the AWS CLI v2's order (its
/// configprovider: `'region': ('region', ['AWS_REGION', 'AWS_DEFAULT_REGION'], …)`):
/// the `--region` flag, `AWS_REGION`, `AWS_DEFAULT_REGION`, then the
/// profile's `region`; empty values count as unset. (botocore from PyPI,
/// and so boto3, reads only `AWS_DEFAULT_REGION`.)
pub fn client_region<'a>(
    flag: Option<&'a str>,
    profile: Option<&'a Section>,
    env: &'a Env,
) -> Option<&'a str> {
    flag.filter(|r| !r.is_empty())
        .or_else(|| env.non_empty("AWS_REGION"))
        .or_else(|| env.non_empty("AWS_DEFAULT_REGION"))
        .or_else(|| {
            profile
                .and_then(|p| p.get("region"))
                .filter(|r| !r.is_empty())
        })
}

/// Where STS calls go, and the region their SigV4 signature names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sts {
    pub endpoint: Endpoint,
    pub signing_region: String,
}

/// The pseudo-region botocore gives STS when no region is configured.
const GLOBAL_REGION: &str = "aws-global";
const GLOBAL_URL: &str = "https://sts.amazonaws.com";
/// The region the global endpoint signs for.
const GLOBAL_SIGNING_REGION: &str = "us-east-1";

/// The regions `sts_regional_endpoints = legacy` sends to the global endpoint
/// (botocore's `LEGACY_GLOBAL_STS_REGIONS`).
const LEGACY_GLOBAL_REGIONS: [&str; 16] = [
    "ap-northeast-1",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "aws-global",
    "ca-central-1",
    "eu-central-1",
    "eu-north-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/// STS for `region` (`None`: none configured, botocore's `aws-global`), as
/// botocore picks it: a configured endpoint (see [`resolve`]) signed for the
/// region (`us-east-1` when there is none), else the host of botocore's STS
/// endpoint rule set for the settings `sts_regional_endpoints`,
/// `use_fips_endpoint` and `use_dualstack_endpoint` (each from its variable
/// `AWS_STS_REGIONAL_ENDPOINTS`, `AWS_USE_FIPS_ENDPOINT`,
/// `AWS_USE_DUALSTACK_ENDPOINT` when set, else from the profile).
///
/// A FIPS pseudo-region (`fips-us-east-1`, `us-east-1-fips`) is the region
/// with FIPS on, as botocore normalises it. Where botocore raises (an
/// `sts_regional_endpoints` other than `legacy` or `regional`), ssoenv takes
/// the default, `regional`.
pub fn sts(region: Option<&str>, profile: Option<&Section>, config: &Config, env: &Env) -> Sts {
    let named = region.unwrap_or(GLOBAL_REGION);
    let plain = named.replace("fips-", "").replace("-fips", "");
    if !ignore_configured(profile, env)
        && let Some(endpoint) = overridden(Service::Sts, profile, config, env)
    {
        let signing_region = match region {
            Some(_) => plain,
            None => GLOBAL_SIGNING_REGION.to_string(),
        };
        return Sts {
            endpoint,
            signing_region,
        };
    }
    let mut options = StsOptions::read(profile, env);
    options.fips |= plain != named;
    let (url, signing_region) = sts_default(&plain, options);
    Sts {
        endpoint: Endpoint {
            url,
            source: EndpointSource::Default,
        },
        signing_region,
    }
}

/// The settings that choose among STS's default hosts.
#[derive(Debug, Clone, Copy, Default)]
struct StsOptions {
    legacy: bool,
    fips: bool,
    dual_stack: bool,
}

impl StsOptions {
    fn read(profile: Option<&Section>, env: &Env) -> Self {
        StsOptions {
            legacy: setting(
                "AWS_STS_REGIONAL_ENDPOINTS",
                "sts_regional_endpoints",
                profile,
                env,
            ) == Some("legacy"),
            fips: flag("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint", profile, env),
            dual_stack: flag(
                "AWS_USE_DUALSTACK_ENDPOINT",
                "use_dualstack_endpoint",
                profile,
                env,
            ),
        }
    }
}

/// The URL and signing region of botocore's STS endpoint rule set. The global
/// endpoint serves `aws-global` and, with `legacy`, the legacy regions, unless
/// FIPS or dual-stack is on; those build hosts from the region name alone,
/// even from `aws-global`.
fn sts_default(region: &str, options: StsOptions) -> (String, String) {
    let p = partition(region);
    let url = match (options.fips, options.dual_stack) {
        (true, true) => format!("https://sts-fips.{region}.{}", p.dual_stack_suffix),
        // GovCloud's regional STS hosts are FIPS endpoints already.
        (true, false) if p.kind == Partition::GovCloud => {
            format!("https://sts.{region}.amazonaws.com")
        }
        (true, false) => format!("https://sts-fips.{region}.{}", p.dns_suffix),
        (false, true) => format!("https://sts.{region}.{}", p.dual_stack_suffix),
        (false, false)
            if region == GLOBAL_REGION
                || options.legacy && LEGACY_GLOBAL_REGIONS.contains(&region) =>
        {
            return (GLOBAL_URL.to_string(), GLOBAL_SIGNING_REGION.to_string());
        }
        (false, false) => format!("https://sts.{region}.{}", p.dns_suffix),
    };
    // botocore signs for aws-global's credential scope, whatever the host.
    let signing_region = if region == GLOBAL_REGION {
        GLOBAL_SIGNING_REGION
    } else {
        region
    };
    (url, signing_region.to_string())
}

fn overridden(
    service: Service,
    profile: Option<&Section>,
    config: &Config,
    env: &Env,
) -> Option<Endpoint> {
    let found = |url: &str, source: EndpointSource| Endpoint {
        url: url.strip_suffix('/').unwrap_or(url).to_string(),
        source,
    };
    if let Some(url) = env.non_empty(service.env_var()) {
        return Some(found(url, EndpointSource::EnvService(service.env_var())));
    }
    if let Some(url) = env.non_empty("AWS_ENDPOINT_URL") {
        return Some(found(url, EndpointSource::EnvGlobal));
    }
    let profile = profile?;
    if let Some(name) = profile.get("services")
        && let Some(section) = config.services.get(name)
        && let Some(setting) = section.settings.get(service.config_key())
        && let Value::Nested(sub) = &setting.value
        && let Some(url) = sub.get("endpoint_url").filter(|u| !u.is_empty())
    {
        return Some(found(
            url,
            EndpointSource::ServicesSection(name.to_string()),
        ));
    }
    profile
        .get("endpoint_url")
        .filter(|u| !u.is_empty())
        .map(|url| found(url, EndpointSource::ProfileEndpointUrl))
}

/// The default URL, by partition (the region prefixes of botocore's partitions.json).
pub fn default_url(service: Service, region: &str) -> String {
    let PartitionInfo {
        kind, dns_suffix, ..
    } = partition(region);
    match service {
        Service::SsoOidc => format!("https://oidc.{region}.{dns_suffix}"),
        Service::Sso => format!("https://portal.sso.{region}.{dns_suffix}"),
        Service::Sts => sts_default(region, StsOptions::default()).0,
        // Console federation: one global host per partition, not a regional one.
        Service::Signin => match kind {
            Partition::China => "https://signin.amazonaws.cn",
            Partition::GovCloud => "https://signin.amazonaws-us-gov.com",
            _ => "https://signin.aws.amazon.com",
        }
        .to_string(),
    }
}

/// The console host of a region, `{region}.console.{partition's console domain}`
/// (the regional console hosts AWS links to and aws-vault opens), or `None` in
/// partitions ssoenv knows no public console or sign-in endpoint for (ISO, EUSC).
pub fn console_host(region: &str) -> Option<String> {
    let domain = match partition(region).kind {
        Partition::Aws => "console.aws.amazon.com",
        Partition::China => "console.amazonaws.cn",
        Partition::GovCloud => "console.amazonaws-us-gov.com",
        Partition::Other => return None,
    };
    Some(format!("{region}.{domain}"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Partition {
    Aws,
    China,
    GovCloud,
    Other,
}

/// A partition's kind and DNS suffixes (from botocore's partitions.json).
#[derive(Debug, Clone, Copy)]
struct PartitionInfo {
    kind: Partition,
    dns_suffix: &'static str,
    dual_stack_suffix: &'static str,
}

/// The partition of a region, by region prefix; unknown regions are `aws`, as
/// in botocore.
fn partition(region: &str) -> PartitionInfo {
    const fn info(kind: Partition, dns: &'static str, dual: &'static str) -> PartitionInfo {
        PartitionInfo {
            kind,
            dns_suffix: dns,
            dual_stack_suffix: dual,
        }
    }
    const BY_PREFIX: [(&str, PartitionInfo); 7] = [
        (
            "cn-",
            info(
                Partition::China,
                "amazonaws.com.cn",
                "api.amazonwebservices.com.cn",
            ),
        ),
        (
            "us-gov-",
            info(Partition::GovCloud, "amazonaws.com", "api.aws"),
        ),
        (
            "us-isob-",
            info(Partition::Other, "sc2s.sgov.gov", "api.aws.scloud"),
        ),
        (
            "us-isof-",
            info(Partition::Other, "csp.hci.ic.gov", "api.aws.hci.ic.gov"),
        ),
        (
            "us-iso-",
            info(Partition::Other, "c2s.ic.gov", "api.aws.ic.gov"),
        ),
        (
            "eu-isoe-",
            info(Partition::Other, "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk"),
        ),
        (
            "eusc-",
            info(Partition::Other, "amazonaws.eu", "api.amazonwebservices.eu"),
        ),
    ];
    BY_PREFIX
        .iter()
        .find(|(prefix, _)| region.starts_with(prefix))
        .map_or(
            info(Partition::Aws, "amazonaws.com", "api.aws"),
            |(_, p)| *p,
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Service; 4] = [
        Service::SsoOidc,
        Service::Sso,
        Service::Sts,
        Service::Signin,
    ];

    fn config(text: &str) -> Config {
        Config::from_texts(text, "").unwrap()
    }

    fn url(service: Service, profile: &str, config: &Config, env: &[(&str, &str)]) -> Endpoint {
        let env = Env::from_pairs(env.iter().copied());
        resolve(
            service,
            "eu-west-1",
            config.profiles.get(profile),
            config,
            &env,
        )
    }

    const LOCAL: &str = "[profile p]\nservices = local\nendpoint_url = http://profile/\n\
        [services local]\nsso_oidc =\n  endpoint_url = http://svc-oidc\n\
        sso =\n  endpoint_url = http://svc-sso/\nsts =\n  endpoint_url = http://svc-sts\n\
        signin =\n  endpoint_url = http://svc-signin\n";

    #[test]
    fn defaults_by_partition() {
        let cases = [
            (
                "eu-west-1",
                [
                    "https://oidc.eu-west-1.amazonaws.com",
                    "https://portal.sso.eu-west-1.amazonaws.com",
                    "https://sts.eu-west-1.amazonaws.com",
                    "https://signin.aws.amazon.com",
                ],
            ),
            (
                "cn-north-1",
                [
                    "https://oidc.cn-north-1.amazonaws.com.cn",
                    "https://portal.sso.cn-north-1.amazonaws.com.cn",
                    "https://sts.cn-north-1.amazonaws.com.cn",
                    "https://signin.amazonaws.cn",
                ],
            ),
            (
                "us-gov-west-1",
                [
                    "https://oidc.us-gov-west-1.amazonaws.com",
                    "https://portal.sso.us-gov-west-1.amazonaws.com",
                    "https://sts.us-gov-west-1.amazonaws.com",
                    "https://signin.amazonaws-us-gov.com",
                ],
            ),
        ];
        let env = Env::default();
        for (region, want) in cases {
            for (service, want) in ALL.into_iter().zip(want) {
                let got = resolve(service, region, None, &Config::default(), &env);
                assert_eq!(got.url, want, "{service:?} {region}");
                assert_eq!(got.source, EndpointSource::Default);
            }
        }
        assert_eq!(
            default_url(Service::Sts, "us-isob-east-1"),
            "https://sts.us-isob-east-1.sc2s.sgov.gov"
        );
        assert_eq!(
            default_url(Service::Sso, "us-iso-east-1"),
            "https://portal.sso.us-iso-east-1.c2s.ic.gov"
        );
        assert_eq!(
            default_url(Service::Sts, "aws-global"),
            "https://sts.amazonaws.com"
        );
    }

    #[test]
    fn console_hosts_by_partition() {
        let cases = [
            ("eu-west-1", Some("eu-west-1.console.aws.amazon.com")),
            ("us-east-1", Some("us-east-1.console.aws.amazon.com")),
            ("cn-north-1", Some("cn-north-1.console.amazonaws.cn")),
            (
                "cn-northwest-1",
                Some("cn-northwest-1.console.amazonaws.cn"),
            ),
            (
                "us-gov-west-1",
                Some("us-gov-west-1.console.amazonaws-us-gov.com"),
            ),
            (
                "us-gov-east-1",
                Some("us-gov-east-1.console.amazonaws-us-gov.com"),
            ),
            ("us-iso-east-1", None),
            ("us-isob-east-1", None),
            ("eusc-de-east-1", None),
        ];
        for (region, want) in cases {
            assert_eq!(console_host(region).as_deref(), want, "{region}");
        }
    }

    #[test]
    fn service_variable_comes_first() {
        let c = config(LOCAL);
        for service in ALL {
            let got = url(
                service,
                "p",
                &c,
                &[
                    (service.env_var(), "http://env-svc/"),
                    ("AWS_ENDPOINT_URL", "http://env"),
                ],
            );
            assert_eq!(got.url, "http://env-svc");
            assert_eq!(got.source, EndpointSource::EnvService(service.env_var()));
        }
        // Another service's variable does not apply.
        let got = url(
            Service::Sso,
            "p",
            &c,
            &[("AWS_ENDPOINT_URL_SSO_OIDC", "http://o")],
        );
        assert_eq!(got.url, "http://svc-sso");
    }

    #[test]
    fn global_variable_comes_before_the_config() {
        let c = config(LOCAL);
        let got = url(Service::Sts, "p", &c, &[("AWS_ENDPOINT_URL", "http://env")]);
        assert_eq!(
            got,
            Endpoint {
                url: "http://env".into(),
                source: EndpointSource::EnvGlobal
            }
        );
        // It applies without any profile, too.
        let got = resolve(
            Service::Sts,
            "eu-west-1",
            None,
            &c,
            &Env::from_pairs([("AWS_ENDPOINT_URL", "http://env")]),
        );
        assert_eq!(got.source, EndpointSource::EnvGlobal);
    }

    #[test]
    fn services_section_per_service_then_profile_endpoint_url() {
        let c = config(LOCAL);
        let want = [
            "http://svc-oidc",
            "http://svc-sso",
            "http://svc-sts",
            "http://svc-signin",
        ];
        for (service, want) in ALL.into_iter().zip(want) {
            let got = url(service, "p", &c, &[]);
            assert_eq!(got.url, want);
            assert_eq!(got.source, EndpointSource::ServicesSection("local".into()));
        }
        let c = config(
            "[profile p]\nservices = local\nendpoint_url = http://profile/\n\
             [services local]\nsts =\n  endpoint_url = http://svc-sts\n  region = x\n",
        );
        let got = url(Service::Sso, "p", &c, &[]);
        assert_eq!(
            got,
            Endpoint {
                url: "http://profile".into(),
                source: EndpointSource::ProfileEndpointUrl
            }
        );
    }

    #[test]
    fn empty_values_count_as_unset() {
        let c = config(
            "[profile p]\nservices = local\nendpoint_url =\n\
             [services local]\nsts =\n  endpoint_url =\n",
        );
        let got = url(
            Service::Sts,
            "p",
            &c,
            &[("AWS_ENDPOINT_URL_STS", ""), ("AWS_ENDPOINT_URL", "")],
        );
        assert_eq!(got.source, EndpointSource::Default);
        assert_eq!(got.url, "https://sts.eu-west-1.amazonaws.com");
    }

    #[test]
    fn broken_services_references_are_skipped() {
        // botocore raises for these; ssoenv falls through to the next rule.
        for text in [
            "[profile p]\nservices = missing\nendpoint_url = http://profile\n",
            "[profile p]\nservices = s\nendpoint_url = http://profile\n[services s]\nsts = flat\n",
        ] {
            let got = url(Service::Sts, "p", &config(text), &[]);
            assert_eq!(got.source, EndpointSource::ProfileEndpointUrl, "{text}");
        }
        // A services section of another profile is not used.
        let c = config(&format!("{LOCAL}[profile q]\nregion = eu-west-1\n"));
        assert_eq!(
            url(Service::Sts, "q", &c, &[]).source,
            EndpointSource::Default
        );
    }

    #[test]
    fn ignoring_configured_endpoints() {
        let c = config(LOCAL);
        let all_set = [
            ("AWS_ENDPOINT_URL_STS", "http://a"),
            ("AWS_ENDPOINT_URL", "http://b"),
        ];
        for value in ["true", "TRUE", "True"] {
            let mut env = all_set.to_vec();
            env.push(("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", value));
            assert_eq!(
                url(Service::Sts, "p", &c, &env).source,
                EndpointSource::Default
            );
        }
        for value in ["false", "1", "yes", ""] {
            let got = url(
                Service::Sts,
                "p",
                &c,
                &[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", value)],
            );
            assert_eq!(got.url, "http://svc-sts", "{value:?}");
        }
        let ignoring = config(&LOCAL.replacen(
            "[profile p]\n",
            "[profile p]\nignore_configured_endpoint_urls = True\n",
            1,
        ));
        assert_eq!(
            url(Service::Sts, "p", &ignoring, &all_set).source,
            EndpointSource::Default
        );
        // A set variable decides, even when it is empty or false.
        for value in ["", "false"] {
            let got = url(
                Service::Sts,
                "p",
                &ignoring,
                &[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", value)],
            );
            assert_eq!(got.url, "http://svc-sts", "{value:?}");
        }
    }

    #[test]
    fn only_one_trailing_slash_is_dropped() {
        let got = url(
            Service::Sts,
            "p",
            &Config::default(),
            &[("AWS_ENDPOINT_URL", "http://x/a//")],
        );
        assert_eq!(got.url, "http://x/a/");
    }

    #[test]
    fn sources_display() {
        assert_eq!(
            EndpointSource::ServicesSection("local".into()).to_string(),
            "[services local]"
        );
        assert_eq!(
            EndpointSource::EnvService("AWS_ENDPOINT_URL_STS").to_string(),
            "AWS_ENDPOINT_URL_STS"
        );
    }

    fn sts_default_for(
        region: &str,
        legacy: bool,
        fips: bool,
        dual_stack: bool,
    ) -> (String, String) {
        sts_default(
            region,
            StsOptions {
                legacy,
                fips,
                dual_stack,
            },
        )
    }

    /// botocore 1.44.8's choices (see tests/endpoints_vs_botocore.rs):
    /// region, legacy, FIPS, dual-stack → host, signing region.
    const STS_TABLE: &[(&str, bool, bool, bool, &str, &str)] = &[
        (
            "us-east-1",
            false,
            false,
            false,
            "sts.us-east-1.amazonaws.com",
            "us-east-1",
        ),
        (
            "us-east-1",
            true,
            false,
            false,
            "sts.amazonaws.com",
            "us-east-1",
        ),
        (
            "eu-west-1",
            true,
            false,
            false,
            "sts.amazonaws.com",
            "us-east-1",
        ),
        (
            "ap-east-1",
            true,
            false,
            false,
            "sts.ap-east-1.amazonaws.com",
            "ap-east-1",
        ),
        (
            "cn-north-1",
            true,
            false,
            false,
            "sts.cn-north-1.amazonaws.com.cn",
            "cn-north-1",
        ),
        (
            "aws-global",
            false,
            false,
            false,
            "sts.amazonaws.com",
            "us-east-1",
        ),
        (
            "aws-global",
            true,
            false,
            false,
            "sts.amazonaws.com",
            "us-east-1",
        ),
        (
            "us-east-1",
            false,
            true,
            false,
            "sts-fips.us-east-1.amazonaws.com",
            "us-east-1",
        ),
        (
            "us-east-1",
            false,
            false,
            true,
            "sts.us-east-1.api.aws",
            "us-east-1",
        ),
        (
            "us-east-1",
            false,
            true,
            true,
            "sts-fips.us-east-1.api.aws",
            "us-east-1",
        ),
        // legacy gives way to FIPS and dual-stack.
        (
            "us-east-1",
            true,
            true,
            false,
            "sts-fips.us-east-1.amazonaws.com",
            "us-east-1",
        ),
        (
            "us-east-1",
            true,
            false,
            true,
            "sts.us-east-1.api.aws",
            "us-east-1",
        ),
        (
            "cn-north-1",
            false,
            true,
            false,
            "sts-fips.cn-north-1.amazonaws.com.cn",
            "cn-north-1",
        ),
        (
            "cn-north-1",
            false,
            false,
            true,
            "sts.cn-north-1.api.amazonwebservices.com.cn",
            "cn-north-1",
        ),
        (
            "cn-north-1",
            false,
            true,
            true,
            "sts-fips.cn-north-1.api.amazonwebservices.com.cn",
            "cn-north-1",
        ),
        (
            "us-gov-west-1",
            false,
            false,
            false,
            "sts.us-gov-west-1.amazonaws.com",
            "us-gov-west-1",
        ),
        (
            "us-gov-west-1",
            false,
            true,
            false,
            "sts.us-gov-west-1.amazonaws.com",
            "us-gov-west-1",
        ),
        (
            "us-gov-west-1",
            false,
            false,
            true,
            "sts.us-gov-west-1.api.aws",
            "us-gov-west-1",
        ),
        (
            "us-gov-west-1",
            false,
            true,
            true,
            "sts-fips.us-gov-west-1.api.aws",
            "us-gov-west-1",
        ),
        (
            "us-iso-east-1",
            false,
            false,
            true,
            "sts.us-iso-east-1.api.aws.ic.gov",
            "us-iso-east-1",
        ),
        // Hosts that do not exist, as botocore builds them from aws-global.
        (
            "aws-global",
            false,
            true,
            false,
            "sts-fips.aws-global.amazonaws.com",
            "us-east-1",
        ),
        (
            "aws-global",
            false,
            false,
            true,
            "sts.aws-global.api.aws",
            "us-east-1",
        ),
        (
            "aws-global",
            false,
            true,
            true,
            "sts-fips.aws-global.api.aws",
            "us-east-1",
        ),
    ];

    #[test]
    fn sts_hosts_and_signing_regions() {
        for &(region, legacy, fips, dual, host, signing) in STS_TABLE {
            let got = sts_default_for(region, legacy, fips, dual);
            let want = (format!("https://{host}"), signing.to_string());
            assert_eq!(
                got, want,
                "{region} legacy={legacy} fips={fips} dual={dual}"
            );
        }
        for region in LEGACY_GLOBAL_REGIONS {
            assert_eq!(sts_default_for(region, true, false, false).0, GLOBAL_URL);
        }
    }

    fn sts_for(region: Option<&str>, profile: &str, env: &[(&str, &str)]) -> Sts {
        let c = config(profile);
        let env = Env::from_pairs(env.iter().copied());
        sts(region, c.profiles.get("p"), &c, &env)
    }

    #[test]
    fn sts_settings_from_the_environment_before_the_profile() {
        let flags = "[profile p]\nsts_regional_endpoints = legacy\nuse_fips_endpoint = TRUE\n\
                     use_dualstack_endpoint = True\n";
        let url = |env: &[(&str, &str)]| sts_for(Some("us-east-1"), flags, env).endpoint.url;
        assert_eq!(url(&[]), "https://sts-fips.us-east-1.api.aws");
        assert_eq!(
            url(&[("AWS_USE_DUALSTACK_ENDPOINT", "false")]),
            "https://sts-fips.us-east-1.amazonaws.com"
        );
        // A set variable decides even when empty; only `true` is true.
        assert_eq!(
            url(&[
                ("AWS_USE_FIPS_ENDPOINT", ""),
                ("AWS_USE_DUALSTACK_ENDPOINT", "1")
            ]),
            "https://sts.amazonaws.com"
        );
        let legacy_off = [
            ("AWS_USE_FIPS_ENDPOINT", "false"),
            ("AWS_USE_DUALSTACK_ENDPOINT", "false"),
        ];
        for value in ["", "regional", "Legacy"] {
            let mut env = legacy_off.to_vec();
            env.push(("AWS_STS_REGIONAL_ENDPOINTS", value));
            assert_eq!(
                url(&env),
                "https://sts.us-east-1.amazonaws.com",
                "{value:?}"
            );
        }
        let env = [("AWS_STS_REGIONAL_ENDPOINTS", "legacy")];
        let got = sts_for(Some("eu-west-2"), "[profile p]\n", &env);
        assert_eq!(got.endpoint.url, GLOBAL_URL);
        assert_eq!(got.signing_region, "us-east-1");
    }

    #[test]
    fn sts_without_a_region_is_aws_global() {
        let got = sts_for(None, "[profile p]\n", &[]);
        assert_eq!(got.endpoint.url, GLOBAL_URL);
        assert_eq!(got.signing_region, "us-east-1");
    }

    #[test]
    fn fips_pseudo_regions_turn_fips_on() {
        for region in ["fips-us-east-1", "us-east-1-fips"] {
            let got = sts_for(
                Some(region),
                "[profile p]\n",
                &[("AWS_USE_FIPS_ENDPOINT", "false")],
            );
            assert_eq!(got.endpoint.url, "https://sts-fips.us-east-1.amazonaws.com");
            assert_eq!(got.signing_region, "us-east-1");
        }
    }

    #[test]
    fn configured_sts_endpoints_win_and_sign_for_the_region() {
        let env = [
            ("AWS_ENDPOINT_URL_STS", "http://local:1"),
            ("AWS_USE_FIPS_ENDPOINT", "true"),
            ("AWS_STS_REGIONAL_ENDPOINTS", "legacy"),
        ];
        for (region, signing) in [
            (Some("eu-west-1"), "eu-west-1"),
            (Some("aws-global"), "aws-global"),
            (Some("us-east-1-fips"), "us-east-1"),
            (None, "us-east-1"),
        ] {
            let got = sts_for(region, "[profile p]\n", &env);
            assert_eq!(got.endpoint.url, "http://local:1");
            assert_eq!(got.signing_region, signing, "{region:?}");
        }
    }

    #[test]
    fn client_region_order() {
        let c = config("[profile p]\nregion = eu-west-1\n[profile empty]\nregion =\n");
        let p = c.profiles.get("p");
        let env = |pairs: &[(&'static str, &'static str)]| Env::from_pairs(pairs.iter().copied());
        let both = env(&[
            ("AWS_REGION", "us-west-1"),
            ("AWS_DEFAULT_REGION", "us-west-2"),
        ]);
        assert_eq!(
            client_region(Some("ap-east-1"), p, &both),
            Some("ap-east-1")
        );
        // AWS_REGION first, as the AWS CLI v2 (not PyPI botocore) reads it.
        assert_eq!(client_region(None, p, &both), Some("us-west-1"));
        assert_eq!(client_region(Some(""), p, &both), Some("us-west-1"));
        let only_default = env(&[("AWS_REGION", ""), ("AWS_DEFAULT_REGION", "us-west-2")]);
        assert_eq!(client_region(None, p, &only_default), Some("us-west-2"));
        let neither = env(&[("AWS_REGION", ""), ("AWS_DEFAULT_REGION", "")]);
        assert_eq!(client_region(None, p, &neither), Some("eu-west-1"));
        assert_eq!(client_region(None, c.profiles.get("empty"), &neither), None);
        assert_eq!(client_region(None, None, &Env::default()), None);
    }
}
