//! Which URL ssoenv calls for each AWS service, for a given profile: the same
//! endpoint-override rules as botocore (`AWS_ENDPOINT_URL_<SERVICE>`,
//! `AWS_ENDPOINT_URL`, `[services]` sections, `endpoint_url`), so local
//! stand-ins such as LocalStack or the test suite's fake AWS work with ssoenv
//! exactly as they do with the AWS CLI; otherwise the partition's default URL.

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
pub fn resolve(
    service: Service,
    region: &str,
    profile: Option<&Section>,
    config: &Config,
    env: &Env,
) -> Endpoint {
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
    // botocore's utils.ensure_boolean: `value.lower() == "true"`.
    let setting = env
        .get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
        .or_else(|| profile.and_then(|p| p.get("ignore_configured_endpoint_urls")));
    setting.is_some_and(|v| v.eq_ignore_ascii_case("true"))
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
    let (partition, dns_suffix) = partition(region);
    match service {
        Service::SsoOidc => format!("https://oidc.{region}.{dns_suffix}"),
        Service::Sso => format!("https://portal.sso.{region}.{dns_suffix}"),
        // The one global pseudo-region botocore still maps for STS.
        Service::Sts if region == "aws-global" => "https://sts.amazonaws.com".to_string(),
        Service::Sts => format!("https://sts.{region}.{dns_suffix}"),
        // Console federation: one global host per partition, not a regional one.
        Service::Signin => match partition {
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
    let domain = match partition(region).0 {
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

/// The partition of a region and its DNS suffix; unknown regions are `aws`, as
/// in botocore.
fn partition(region: &str) -> (Partition, &'static str) {
    const OTHERS: [(&str, &str); 5] = [
        ("us-isob-", "sc2s.sgov.gov"),
        ("us-isof-", "csp.hci.ic.gov"),
        ("us-iso-", "c2s.ic.gov"),
        ("eu-isoe-", "cloud.adc-e.uk"),
        ("eusc-", "amazonaws.eu"),
    ];
    if region.starts_with("cn-") {
        return (Partition::China, "amazonaws.com.cn");
    }
    if region.starts_with("us-gov-") {
        return (Partition::GovCloud, "amazonaws.com");
    }
    OTHERS
        .iter()
        .find(|(prefix, _)| region.starts_with(prefix))
        .map_or((Partition::Aws, "amazonaws.com"), |(_, suffix)| {
            (Partition::Other, suffix)
        })
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
}
