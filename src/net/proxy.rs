//! Which proxy a request goes through, decided from the environment as the
//! AWS CLI (botocore, with Python's rules) and curl decide: `https_proxy` /
//! `HTTPS_PROXY` for https URLs, `http_proxy` / `HTTP_PROXY` for http URLs,
//! then `all_proxy` / `ALL_PROXY`; the lower-case spelling wins; `no_proxy` /
//! `NO_PROXY` lists hosts, domain suffixes, IP addresses and CIDR ranges to
//! reach directly (`*` for all). One decision serves both the HTTP client and
//! the error messages, so a failing proxy is named as the proxy.

use crate::env::Env;
use std::net::IpAddr;

/// A proxy that serves some requests, and the variable that named it.
#[derive(Clone, PartialEq, Eq)]
pub struct Proxy {
    /// The proxy's URL as given (credentials included), with `http://`
    /// added when no scheme was written.
    pub url: reqwest::Url,
    pub var: &'static str,
}

impl std::fmt::Debug for Proxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password the URL may hold.
        write!(f, "Proxy({} from {})", self.shown(), self.var)
    }
}

impl Proxy {
    /// The URL without credentials, for messages.
    pub fn shown(&self) -> String {
        let mut u = self.url.clone();
        let _ = u.set_username("");
        let _ = u.set_password(None);
        u.as_str().trim_end_matches('/').to_string()
    }
}

/// The proxy settings of an environment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Proxies {
    https: Option<Proxy>,
    http: Option<Proxy>,
    all: Option<Proxy>,
    /// The `no_proxy` entries, lower-cased, and the variable they came from.
    no_proxy: Vec<String>,
    no_proxy_var: Option<&'static str>,
    /// Variables whose value is not a usable URL: an error once a request
    /// is to be made ([`Proxies::unusable`]).
    unusable: Vec<&'static str>,
}

impl Proxies {
    pub fn from_env(env: &Env) -> Proxies {
        let mut out = Proxies::default();
        // As Python: a set lower-case variable decides, even empty (that is
        // how `https_proxy= cmd` goes direct); an empty upper-case one is unset.
        let mut pick = |names: &[&'static str]| -> Option<Proxy> {
            let (var, raw) = names.iter().find_map(|n| {
                let v = env.get(n)?;
                (n.starts_with(|c: char| c.is_ascii_lowercase()) || !v.is_empty())
                    .then_some((*n, v.trim()))
            })?;
            if raw.is_empty() {
                return None;
            }
            match parse_proxy_url(raw) {
                Some(url) => Some(Proxy { url, var }),
                None => {
                    out.unusable.push(var);
                    None
                }
            }
        };
        let https = pick(&["https_proxy", "HTTPS_PROXY"]);
        // As Python and curl: HTTP_PROXY is not trusted in a CGI program, where
        // a client's `Proxy:` header arrives as HTTP_PROXY.
        let http = if env.get("REQUEST_METHOD").is_some() {
            pick(&["http_proxy"])
        } else {
            pick(&["http_proxy", "HTTP_PROXY"])
        };
        let all = pick(&["all_proxy", "ALL_PROXY"]);
        out.https = https;
        out.http = http;
        out.all = all;
        if let Some((var, list)) = ["no_proxy", "NO_PROXY"]
            .iter()
            .find_map(|n| env.get(n).map(|v| (*n, v)))
        {
            out.no_proxy_var = Some(var);
            out.no_proxy = list
                .split(',')
                .map(|e| e.trim().to_ascii_lowercase())
                .filter(|e| !e.is_empty())
                .collect();
        }
        out
    }

    /// The proxy for `url`, or `None` to connect directly.
    pub fn for_url(&self, url: &reqwest::Url) -> Option<&Proxy> {
        let chosen = match url.scheme() {
            "https" => self.https.as_ref(),
            "http" => self.http.as_ref(),
            _ => None,
        }
        .or(self.all.as_ref())?;
        let host = url.host_str()?;
        (!self.bypassed(host, url.port_or_known_default())).then_some(chosen)
    }

    /// Whether `no_proxy` sends `host` (port `port`) direct.
    fn bypassed(&self, host: &str, port: Option<u16>) -> bool {
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .trim_end_matches('.')
            .to_ascii_lowercase();
        let ip: Option<IpAddr> = host.parse().ok();
        self.no_proxy.iter().any(|entry| {
            if entry == "*" {
                return true;
            }
            // An entry may carry a port: it then matches that port only.
            let (name, entry_port) = split_port(entry);
            if entry_port.is_some() && entry_port != port {
                return false;
            }
            if let Some(ip) = ip {
                return match name.split_once('/') {
                    Some((net, bits)) => in_cidr(ip, net, bits),
                    None => name.parse::<IpAddr>().is_ok_and(|n| n == ip),
                };
            }
            // `example.com` and `.example.com` both match the domain and every host in it.
            let name = name.trim_start_matches('.').trim_end_matches('.');
            !name.is_empty()
                && (host == name
                    || host
                        .strip_suffix(name)
                        .is_some_and(|rest| rest.ends_with('.')))
        })
    }

    /// The variables set to something that is not a proxy URL.
    pub fn unusable(&self) -> &[&'static str] {
        &self.unusable
    }

    /// One line for `-v`: which proxy serves which scheme, and what is exempt.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        for (scheme, p) in [
            ("https", &self.https),
            ("http", &self.http),
            ("all", &self.all),
        ] {
            if let Some(p) = p {
                parts.push(format!("{scheme} through {} (from {})", p.shown(), p.var));
            }
        }
        if parts.is_empty() {
            return "no proxy".into();
        }
        if let Some(var) = self.no_proxy_var {
            parts.push(format!("{var}={}", self.no_proxy.join(",")));
        }
        parts.join("; ")
    }
}

/// The URL of a proxy setting: `http://` is assumed without a scheme, as
/// botocore and curl assume it.
fn parse_proxy_url(raw: &str) -> Option<reqwest::Url> {
    let full = if raw.contains("://") {
        raw.to_string()
    } else {
        format!("http://{}", raw.trim_start_matches("//"))
    };
    reqwest::Url::parse(&full)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https" | "socks5" | "socks5h"))
        .filter(|u| u.host_str().is_some_and(|h| !h.is_empty()))
}

/// `host:port` → (`host`, port); IPv6 entries keep their colons.
fn split_port(entry: &str) -> (&str, Option<u16>) {
    if let Some(rest) = entry.strip_prefix('[') {
        return match rest.split_once(']') {
            Some((ip, tail)) => (ip, tail.strip_prefix(':').and_then(|p| p.parse().ok())),
            None => (entry, None),
        };
    }
    match entry.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') => match p.parse() {
            Ok(port) => (h, Some(port)),
            Err(_) => (entry, None),
        },
        _ => (entry, None),
    }
}

fn in_cidr(ip: IpAddr, net: &str, bits: &str) -> bool {
    let (Ok(net), Ok(bits)) = (net.parse::<IpAddr>(), bits.parse::<u32>()) else {
        return false;
    };
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(b)) if bits <= 32 => {
            let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
            u32::from(a) & mask == u32::from(b) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(b)) if bits <= 128 => {
            let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
            u128::from(a) & mask == u128::from(b) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(vars: &[(&str, &str)]) -> Proxies {
        Proxies::from_env(&Env::from_pairs(vars.iter().copied()))
    }

    fn via(p: &Proxies, url: &str) -> Option<String> {
        p.for_url(&reqwest::Url::parse(url).unwrap())
            .map(|c| format!("{} {}", c.shown(), c.var))
    }

    #[test]
    fn the_scheme_picks_the_variable_and_lower_case_wins() {
        let p = proxies(&[
            ("HTTPS_PROXY", "http://upper:1"),
            ("https_proxy", "lower:3128"),
            ("HTTP_PROXY", "http://plain:2"),
            ("ALL_PROXY", "http://all:4"),
        ]);
        assert_eq!(
            via(&p, "https://oidc.us-east-1.amazonaws.com/token").as_deref(),
            Some("http://lower:3128 https_proxy")
        );
        assert_eq!(
            via(&p, "http://127.0.0.1:9/x").as_deref(),
            Some("http://plain:2 HTTP_PROXY")
        );
        let only_all = proxies(&[("ALL_PROXY", "http://all:4")]);
        assert_eq!(
            via(&only_all, "https://sts.amazonaws.com").as_deref(),
            Some("http://all:4 ALL_PROXY")
        );
        assert_eq!(via(&proxies(&[]), "https://sts.amazonaws.com"), None);
        // In a CGI program HTTP_PROXY may come from a client's header.
        let cgi = proxies(&[("HTTP_PROXY", "http://evil:1"), ("REQUEST_METHOD", "GET")]);
        assert_eq!(via(&cgi, "http://example.com"), None);
    }

    #[test]
    fn no_proxy_matches_hosts_domains_addresses_and_ports() {
        let p = proxies(&[
            ("HTTPS_PROXY", "http://proxy:3128"),
            ("HTTP_PROXY", "http://proxy:3128"),
            (
                "NO_PROXY",
                " .corp.example, internal.example ,10.0.0.0/8,::1, localhost:8443,169.254.169.254",
            ),
        ]);
        for direct in [
            "https://a.corp.example/x",
            "https://corp.example/x",
            "https://internal.example",
            "https://deep.internal.example",
            "https://10.1.2.3/x",
            "https://[::1]:99/x",
            "https://localhost:8443/x",
            "http://169.254.169.254/latest",
        ] {
            assert_eq!(via(&p, direct), None, "{direct}");
        }
        for proxied in [
            "https://oidc.us-east-1.amazonaws.com",
            "https://notcorp.example",
            "https://xinternal.example",
            "https://11.1.2.3",
            "https://localhost:9443/x",
        ] {
            assert!(via(&p, proxied).is_some(), "{proxied}");
        }
        let all = proxies(&[("https_proxy", "http://p:1"), ("no_proxy", "*")]);
        assert_eq!(via(&all, "https://sts.amazonaws.com"), None);
    }

    #[test]
    fn an_empty_lower_case_variable_means_direct() {
        let p = proxies(&[("HTTPS_PROXY", "http://upper:1"), ("https_proxy", "")]);
        assert_eq!(via(&p, "https://sts.amazonaws.com"), None);
        let p = proxies(&[("HTTPS_PROXY", ""), ("ALL_PROXY", "http://all:2")]);
        assert_eq!(
            via(&p, "https://sts.amazonaws.com").as_deref(),
            Some("http://all:2 ALL_PROXY")
        );
    }

    #[test]
    fn credentials_never_show_and_bad_values_are_kept_for_an_error() {
        let p = proxies(&[
            ("HTTPS_PROXY", "http://user:s3cret@proxy.corp:8080"),
            ("HTTP_PROXY", "::not a url::"),
        ]);
        let d = p.describe();
        assert!(
            d.contains("https through http://proxy.corp:8080 (from HTTPS_PROXY)"),
            "{d}"
        );
        assert_eq!(p.unusable(), ["HTTP_PROXY"]);
        assert!(!d.contains("s3cret") && !d.contains("user"), "{d}");
        assert!(!format!("{p:?}").contains("s3cret"), "{p:?}");
        // The client still gets the credentials.
        let chosen = p
            .for_url(&reqwest::Url::parse("https://sts.amazonaws.com").unwrap())
            .unwrap();
        assert_eq!(chosen.url.password(), Some("s3cret"));
    }
}
