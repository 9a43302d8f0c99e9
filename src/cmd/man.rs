//! `ssoenv man`: the manual page. The title comes from clap_mangen; the
//! synopsis, the commands and the options are generated from the clap
//! definition; the sections clap cannot know (description, environment, files,
//! exit status, examples) are written here.
//!
//! Text in the tables below is plain: [`inline`] escapes it for roff and turns
//! `backquoted` spans bold. Text lines are wrapped at 80 bytes and long tags go
//! on macro lines, so `mandoc -Tlint -W style` has nothing to say.

use crate::cli::Cli;
use crate::error::Result;
use crate::output;
use clap::{Arg, ArgAction, Command, CommandFactory};
use clap_mangen::Man;

/// The DESCRIPTION section, one paragraph each.
const DESCRIPTION: &[&str] = &[
    "ssoenv turns a profile of `~/.aws/config` into short-lived AWS credentials \
     and hands them to whatever needs them: one command (`ssoenv exec`), the \
     current shell (`ssoenv export`, or `ssoenv use` once the shell hook is \
     loaded), or any AWS SDK through `credential_process` (`ssoenv \
     credential-process`).",
    "Profiles that sign in through IAM Identity Center (AWS SSO), with an \
     `[sso-session]` or a legacy `sso_start_url`, get role credentials from the \
     portal with the session's token. Assume-role profiles get them from STS \
     AssumeRole, from a `source_profile` chain or `credential_source = \
     Environment`, with `external_id`, `duration_seconds` and `mfa_serial` \
     (see `--mfa-code`). Profiles with static keys or a `credential_process` \
     hand those over. Web-identity profiles, and `credential_source` \
     Ec2InstanceMetadata or EcsContainer, are not supported yet.",
    "ssoenv reads `~/.aws/config` and `~/.aws/credentials` exactly as the AWS \
     CLI (botocore) does, refuses the files it refuses (naming the file and \
     line), and checks every profile as the AWS CLI would when it is used. It \
     shares the AWS CLI's caches: a token from `aws sso login` works in ssoenv, \
     the AWS CLI and the SDKs use a token from `ssoenv login`, and role \
     credentials either one fetched are reused by the other while more than 15 \
     minutes (`--min-ttl`) remain. With a usable cached entry, `export` and \
     `exec` read the two files and one cache file, and make no network request.",
    "When no SSO token is usable, a command run on a terminal signs in inline \
     (in the browser, or with a device code) and carries on. Without a \
     terminal, or with `--no-login`, it fails at once with exit status 77 and \
     names the `ssoenv login` to run. A token that has a refresh token is \
     refreshed silently, without a browser, once it has less than 15 minutes \
     left. Parallel processes share one sign-in and one fetch, through lock \
     files beside the cache entries.",
    "`exec`, `export` and `use` hand over the same variables, and remove the \
     ones that would get in the way (see ENVIRONMENT). The credentials already \
     in ssoenv's own environment are never used to resolve a profile (except \
     by `credential_source = Environment`), so switching from one profile to \
     another in the same shell always works, region included.",
    "The shell hook (`ssoenv init bash`, `zsh` or `fish`) makes `ssoenv use` \
     and `ssoenv unuse` change the current shell, shows the active profile and \
     the time its credentials have left in the prompt, renews them shortly \
     before they expire (see `SSOENV_REFRESH_WITHIN`), and loads the \
     completions.",
    "Errors are printed once, on standard error, as `ssoenv: message`, with a \
     hint on the next line where there is one. The exit status tells the kind \
     of failure (see EXIT STATUS).",
];

/// Environment variables ssoenv itself reads, with what they do.
const ENV_READ: &[(&str, &str)] = &[
    (
        "AWS_PROFILE",
        "The profile to use when none is named on the command line (when set and \
         not empty).",
    ),
    (
        "AWS_DEFAULT_PROFILE",
        "The profile to use when none is named and `AWS_PROFILE` is unset or \
         empty. This is the order the AWS CLI v2 documents; botocore alone \
         checks `AWS_DEFAULT_PROFILE` first. After both comes the profile in \
         use (`SSOENV_PROFILE`, set by `use` and inside `exec`), then \
         `default`. When none of these names a profile that exists, commands \
         that take a profile show a picker on a terminal (type to filter).",
    ),
    (
        "AWS_CONFIG_FILE",
        "The config file, default `~/.aws/config`. `$VARS` and a leading `~` are \
         expanded. Set but empty means there is no config file, as in botocore.",
    ),
    (
        "AWS_SHARED_CREDENTIALS_FILE",
        "The credentials file, default `~/.aws/credentials`, expanded the same \
         way; set but empty means there is none.",
    ),
    (
        "AWS_ENDPOINT_URL_SSO_OIDC",
        "The URL of IAM Identity Center OIDC: client registration, sign-in and \
         token refresh.",
    ),
    (
        "AWS_ENDPOINT_URL_SSO",
        "The URL of the IAM Identity Center portal: role credentials and sign-out.",
    ),
    (
        "AWS_ENDPOINT_URL_STS",
        "The URL of STS: AssumeRole, and GetCallerIdentity for `whoami`.",
    ),
    (
        "AWS_ENDPOINT_URL_SIGNIN",
        "The URL of the AWS sign-in (console federation) service, which no \
         command calls yet.",
    ),
    (
        "AWS_ENDPOINT_URL",
        "The URL of every service that has no variable of its own above. Empty \
         values count as unset. After the variables come the profile's \
         `[services]` section and its `endpoint_url`, then the regional AWS \
         endpoint, in botocore's order.",
    ),
    (
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
        "`true` (in any case) turns off every endpoint override: the variables \
         above, `[services]` sections and `endpoint_url`. Set to anything else, \
         even empty, it keeps them on; only when it is unset does the profile's \
         `ignore_configured_endpoint_urls` decide.",
    ),
    (
        "AWS_REGION, AWS_DEFAULT_REGION",
        "The region of STS calls (AssumeRole, and GetCallerIdentity for \
         `whoami`) when `--region` gives none, in this order and before the \
         profile's `region`, as in the AWS CLI v2 (botocore on its own reads \
         only `AWS_DEFAULT_REGION`). With no region at all, STS uses \
         `aws-global`: https://sts.amazonaws.com, signed for us-east-1. A role \
         chain uses the named profile's region for every AssumeRole.",
    ),
    (
        "AWS_STS_REGIONAL_ENDPOINTS",
        "`legacy` sends STS calls in botocore's 16 legacy global regions \
         (us-east-1, us-east-2, us-west-1, us-west-2, ca-central-1, sa-east-1, \
         eu-west-1, eu-west-2, eu-west-3, eu-central-1, eu-north-1, \
         ap-northeast-1, ap-south-1, ap-southeast-1, ap-southeast-2, \
         aws-global) to https://sts.amazonaws.com, signed for us-east-1, unless \
         FIPS or dual-stack is on; anything else, the default, keeps them \
         regional. When set, even empty, it wins over the profile's \
         `sts_regional_endpoints`. The AWS CLI v2 ignores this setting; ssoenv \
         follows botocore, which honours it.",
    ),
    (
        "AWS_USE_FIPS_ENDPOINT",
        "`true` (in any case) sends STS calls to the FIPS host, such as \
         sts-fips.us-east-1.amazonaws.com (in GovCloud, the regional host). \
         When set, even empty, it wins over the profile's `use_fips_endpoint`.",
    ),
    (
        "AWS_USE_DUALSTACK_ENDPOINT",
        "`true` (in any case) sends STS calls to the dual-stack (IPv6) host, \
         such as sts.us-east-1.api.aws, or sts-fips.us-east-1.api.aws with \
         FIPS. When set, even empty, it wins over the profile's \
         `use_dualstack_endpoint`. A configured endpoint (the variables above, \
         `[services]`, `endpoint_url`) wins over these settings.",
    ),
    (
        "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN",
        "Read only as the source credentials of a role profile with \
         `credential_source = Environment`. Otherwise credentials in ssoenv's \
         own environment are never used.",
    ),
    (
        "AWS_CA_BUNDLE",
        "A PEM file of the certificate authorities to trust for HTTPS, in place \
         of all others, as for the AWS CLI; it wins over the profile's \
         `ca_bundle`. `~` and `$VARS` are expanded. A file that cannot be read \
         or holds no certificate is an error naming it (exit 78). Without \
         either, ssoenv trusts its built-in Mozilla roots and the operating \
         system's store together, so a company CA installed in the system \
         works as it is.",
    ),
    (
        "SSL_CERT_FILE, SSL_CERT_DIR",
        "A PEM file, and a folder of PEM files, that stand for the operating \
         system's store, as they do for OpenSSL-based tools; the built-in \
         roots stay trusted. Files that cannot be read are passed over, as \
         OpenSSL passes over them, and named by `-v` and in certificate errors.",
    ),
    (
        "HTTPS_PROXY, HTTP_PROXY, ALL_PROXY (and lower case)",
        "The proxy for https and http URLs, then for both; the lower-case \
         spelling wins (set but empty, it means no proxy, as in Python and \
         curl), and a URL without a scheme is taken as `http://`; a value that \
         is not a URL is an error naming the variable (exit 78), never its \
         value; \
         `socks5://` and `socks5h://` proxies (such as `ssh -D` opens) work too \
         (the static build asks the SOCKS proxy to look names up for both). \
         `user:password@` in the URL is sent as Basic credentials and never \
         shown. HTTPS goes through a CONNECT tunnel, so the endpoint's \
         certificate is still checked. A proxy that cannot be reached, answers \
         407 or refuses the CONNECT is named as the proxy in the error.",
    ),
    (
        "REQUEST_METHOD",
        "When set (ssoenv runs as a CGI program), `HTTP_PROXY` is ignored, as \
         Python and curl ignore it there: a client's `Proxy:` header arrives \
         under that name.",
    ),
    (
        "NO_PROXY (or no_proxy)",
        "Hosts to reach directly, comma separated: a host or domain (`corp.example` \
         and `.corp.example` both match the domain and the hosts in it), an IP \
         address or CIDR range, any of them with `:PORT`, or `*` for all.",
    ),
    (
        "SSOENV_CONNECT_TIMEOUT",
        "Seconds (fractions allowed) to wait for a connection to an AWS \
         endpoint; default 5. A value that is not a positive number means the \
         default.",
    ),
    (
        "SSOENV_READ_TIMEOUT",
        "Seconds (fractions allowed) that each request to an AWS endpoint may \
         take in all, connecting included; default 20. Throttling (and, for \
         calls safe to repeat, a server error) is retried with backoff, but no \
         retry starts after this time, so one call ends within twice it. A \
         value that is not a positive number means the default.",
    ),
    (
        "SSOENV_LOCK_WAIT",
        "Seconds a run that may not sign in (`--no-login`, `credential-process`, \
         the shell hooks' renewal) waits for a cache lock another ssoenv holds; \
         default twice `SSOENV_READ_TIMEOUT` and a second. 0 means not at all: \
         the shell hooks set it, so a prompt never waits for a sign-in in \
         another terminal. A token that still lasts is used meanwhile instead \
         of refreshing it.",
    ),
    (
        "SSOENV_LOGIN_TIMEOUT",
        "Whole seconds to wait for a browser sign-in to be approved; default \
         600. The device-code flow (`--device-code`, legacy profiles) waits as \
         long as the service says its code is valid instead.",
    ),
    (
        "SSOENV_CREDENTIAL_PROCESS_CHAIN",
        "Set by ssoenv for a profile's `credential_process`: the profiles whose \
         helpers are running above it, one per line. A helper that asks ssoenv \
         for one of them again (directly, or through the AWS CLI) is stopped \
         with a message naming the chain, instead of starting copies of itself \
         without end, as aws-vault guards against too.",
    ),
    (
        "SSOENV_LOGIN_FLOW",
        "`device` or `pkce` (any case): the sign-in flow when no `--device-code` \
         (`--use-device-code`) is given, before the profile's or sso-session's \
         `ssoenv_login_flow` and the default, `pkce` (the browser comes back to \
         this machine). It applies to `login`, `configure`, `populate` and the \
         sign-ins `exec`, `export` and `use` start on a terminal. Any other \
         value is an error once a sign-in starts (exit 64). Legacy profiles \
         always use the device flow.",
    ),
    (
        "BROWSER",
        "The programs that open the sign-in URL: a colon-separated list, tried \
         in order, each split shell-style; `%s` is replaced by the URL, else the \
         URL is appended. It is used even over SSH. Unset or empty: `open` on \
         macOS; under WSL the Windows browser through `wslview`, then \
         `rundll32.exe url.dll,FileProtocolHandler`, then `cmd.exe /c start` \
         (with `&` and cmd's other special characters escaped); elsewhere \
         `xdg-open`, then `gio open`, then `wslview`. The URL is printed on \
         standard error in any case.",
    ),
    (
        "SSH_CONNECTION, SSH_TTY, DISPLAY, WAYLAND_DISPLAY",
        "In an SSH session (either of the first two set) without a display \
         (neither of the last two) and without `BROWSER`, no browser is opened: \
         the URL is printed with a line on how to finish. For the browser \
         sign-in, open the URL on your own machine; the browser ends on an \
         address starting `http://127.0.0.1:` that does not load there. Paste \
         that address into the terminal where ssoenv waits and press Enter: its \
         `state` is checked and the code exchanged, as if the browser had \
         reached this machine. Whichever comes first wins, the pasted address \
         or the browser's own call; a paste that does not fit is told why and \
         may be tried again. The same happens with `--no-browser`, or when no \
         opener is found. With neither a browser nor a terminal to paste into \
         (`ssh host ssoenv login` without `-t`), the device flow is used instead, \
         unless `pkce` was asked for by name.",
    ),
    (
        "WSL_DISTRO_NAME, WSL_INTEROP",
        "Set by WSL (as is `WSL_INTEROP`): the browser that opens is the Windows \
         one (see `BROWSER`). A kernel whose /proc/version names Microsoft counts \
         too while WSL's interop is registered.",
    ),
    (
        "SHELL",
        "The program `exec` runs when no command is given (default `/bin/sh`). \
         `use` and `unuse` run without the hook read it to name the right \
         start-up file in their hint.",
    ),
    (
        "PATH",
        "Where `exec` looks for its command (a name with a `/` is used as \
         given), and where `init` looks up the `ssoenv` it was run as, so that \
         the hook calls the same binary.",
    ),
    (
        "HOME",
        "The home folder: `~` in paths, the default config and credentials \
         files, and the caches under `~/.aws`. Unset or empty: the home folder \
         the system records for the user.",
    ),
    (
        "NO_COLOR",
        "When set and not empty, ssoenv uses no colour (as with `--no-color`), \
         and the shell hooks show the prompt segment without colour. Otherwise \
         ssoenv uses colour only when standard output is a terminal.",
    ),
];

/// Variables `exec`, `export` and `use` set.
const ENV_SET: &[(&str, &str)] = &[
    (
        "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY",
        "The profile's credentials.",
    ),
    (
        "AWS_SESSION_TOKEN",
        "Their session token; removed when they have none (static keys without \
         one).",
    ),
    (
        "AWS_CREDENTIAL_EXPIRATION",
        "When they expire, in RFC 3339 (UTC, ending in `Z`), as the AWS CLI, the \
         JavaScript SDK and starship read it; removed for credentials that do \
         not expire.",
    ),
    (
        "AWS_REGION, AWS_DEFAULT_REGION",
        "The region: `--region`, else the profile's `region`. When neither \
         gives one, a region set by hand is kept, and one that ssoenv set \
         earlier (equal to `SSOENV_REGION`) is removed. boto3 reads only \
         `AWS_DEFAULT_REGION`.",
    ),
    (
        "SSOENV_PROFILE",
        "The name of the profile, for prompts and scripts. `unuse` and the shell \
         hooks read it: it tells them that ssoenv set the credentials, and which \
         profile to show and renew. Commands given no profile use it after \
         `AWS_PROFILE` and `AWS_DEFAULT_PROFILE` (so a bare `ssoenv login` in a \
         shell that ran `ssoenv use dev` signs in to dev). An `exec` or `use` \
         of another profile inside it warns once, naming both.",
    ),
    (
        "SSOENV_USED_HERE",
        "Set by the shell hooks for the `use` they run: the profile that shell \
         itself loaded last. A `use` over a profile that came from outside (an \
         outer `exec` or shell) warns about the nesting; a switch does not.",
    ),
    (
        "AWS_SSO_PROFILE",
        "The name of the profile again, for prompt themes: the `aws` module of \
         starship and the `aws` segment of powerlevel10k show it (starship also \
         shows the time left, from `AWS_CREDENTIAL_EXPIRATION`). It is \
         aws-sso-cli's variable, which botocore and the AWS CLI do not read; \
         ssoenv never sets `AWS_PROFILE`, which both themes read too, because \
         SDKs may follow it instead of the keys.",
    ),
    (
        "SSOENV_REGION",
        "The region ssoenv set; removed when it set none. The region rule above \
         and `unuse` read it.",
    ),
    (
        "SSOENV_EXPIRES",
        "When the credentials expire, in Unix seconds, so that a prompt can show \
         the time left with shell arithmetic; removed for credentials that do \
         not expire. The shell hooks read it.",
    ),
    (
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "Set by `exec --server` instead of the keys: the local endpoint \
         (http://127.0.0.1:PORT/credentials) from which SDKs fetch credentials, \
         and fetch them again before they expire.",
    ),
    (
        "AWS_CONTAINER_AUTHORIZATION_TOKEN",
        "Set by `exec --server`: a new random 256-bit token that SDKs send as the \
         Authorization header; requests without it get 401, with a wrong one 403.",
    ),
];

/// Variables `exec`, `export` and `use` remove.
const ENV_REMOVED: &[(&str, &str)] = &[
    (
        "AWS_PROFILE, AWS_DEFAULT_PROFILE",
        "They can make SDKs ignore the credentials set above.",
    ),
    (
        "AWS_VAULT, AWSU_PROFILE, AWSUME_PROFILE, AWS_SESSION_EXPIRATION, AWSUME_EXPIRATION",
        "Set by aws-vault, awsu and AWSume for the credentials they put in the \
         environment. starship reads them before `AWS_SSO_PROFILE` and would \
         name that profile, and its expiry, for ssoenv's keys. Started inside \
         aws-vault's environment (`AWS_VAULT` set), `exec` and `use` warn \
         once, naming both profiles.",
    ),
    (
        "AWS_SECURITY_TOKEN",
        "An older name of the session token, which botocore prefers over \
         `AWS_SESSION_TOKEN`: a stale one would spoil the new credentials.",
    ),
    (
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "Removed by `exec --server`, so that SDKs use the full URI above. With \
         `--server` the keys, AWS_CREDENTIAL_EXPIRATION and SSOENV_EXPIRES are \
         removed as well: the child has no keys in its environment.",
    ),
    (
        "AWS_CONTAINER_CREDENTIALS_FULL_URI, AWS_CONTAINER_AUTHORIZATION_TOKEN, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
        "Removed by a plain `exec` (inside an `exec --server` command or an ECS \
         task): its command gets the profile's keys and never reaches the outer \
         credential endpoint.",
    ),
];

/// Variables only the shell hooks (`ssoenv init`) read.
const ENV_HOOKS: &[(&str, &str)] = &[(
    "SSOENV_REFRESH_WITHIN",
    "How many seconds before the credentials expire the hook renews them: \
     default 600, 0 never renews, anything but a whole number means 600. At a \
     prompt, at most once a minute, the hook runs `ssoenv use \
     \"$SSOENV_PROFILE\" --no-login` with `--min-ttl` 60 seconds more than this, \
     with no browser and no question, and with `SSOENV_CONNECT_TIMEOUT` and \
     `SSOENV_READ_TIMEOUT` at 3 and 5 seconds unless they are set; after a \
     failure the next tries wait 2, 4, then 8 minutes. When the SSO session is \
     gone, the prompt says `(ssoenv login)`.",
)];

/// A list of (term, text) pairs.
type Entries = &'static [(&'static str, &'static str)];

/// The subsections of ENVIRONMENT: title, introduction, entries.
const ENVIRONMENT: &[(&str, &str, Entries)] = &[
    ("Read by ssoenv", "", ENV_READ),
    (
        "Set by exec, export and use",
        "`exec` sets these in the command's environment; `export` and `use` \
         print code that sets them (the dotenv and JSON formats list only the \
         variables that are set). `unuse` removes them again: the credentials \
         (and `AWS_SSO_PROFILE`) only when `SSOENV_PROFILE` shows that ssoenv set \
         them, and the region only while it still equals `SSOENV_REGION`.",
        ENV_SET,
    ),
    (
        "Removed by exec, export and use",
        "These are removed whenever credentials are set.",
        ENV_REMOVED,
    ),
    (
        "Read by the shell hooks",
        "The hooks also read `SSOENV_PROFILE`, `SSOENV_EXPIRES` and `NO_COLOR`.",
        ENV_HOOKS,
    ),
];

/// Files ssoenv reads and writes.
const FILES: &[(&str, &str)] = &[
    (
        "~/.aws/config",
        "Profiles (`[default]`, `[profile NAME]`), `[sso-session NAME]` and \
         `[services NAME]` sections, read as botocore reads them. \
         `AWS_CONFIG_FILE` names another file. Written only by `configure`, \
         `populate`, and by a sign-in whose custom start URL leads to a \
         portal in another region than `sso_region` says, which sets \
         `sso_region` as the AWS CLI does. A profile's `ca_bundle` names the \
         certificate authorities to trust (see `AWS_CA_BUNDLE`). \
         `ssoenv_login_flow = device` (or `pkce`) in a profile or an \
         `[sso-session]` saves the sign-in flow (see `SSOENV_LOGIN_FLOW`); \
         botocore passes over the key.",
    ),
    (
        "~/.aws/config.ssoenv-backup, config.lock, config.ssoenv-conflict",
        "Beside the config file (beside its target, when it is a symlink): \
         the copy taken before ssoenv first changed the file (0600, never \
         overwritten); the lock held while saving; and, when a save met another \
         writer and both the old and the new file were written to, the \
         version that is not in the config (the error names it).",
    ),
    (
        "~/.aws/credentials",
        "Read, never written. Sections named after profiles, usually with \
         static keys; for a profile in both files, these keys override the \
         config file's, key by key. `AWS_SHARED_CREDENTIALS_FILE` names another \
         file.",
    ),
    (
        "~/.aws/sso/cache/",
        "SSO tokens and client registrations, shared with the AWS CLI, botocore \
         and the SDKs. A token is in `SHA1.json`, where SHA1 is the lowercase hex \
         SHA-1 of the sso-session name, or of the start URL of a legacy profile; \
         it holds `startUrl`, `region`, `accessToken`, `expiresAt`, `clientId`, \
         `clientSecret`, `registrationExpiresAt` and `refreshToken`, and keys \
         other tools wrote are kept. A client registration is in the file named \
         by the SHA-1 of the AWS CLI's key for it (the start URL as configured, \
         the portal's region, the configured scopes and the session name, \
         `null` when absent); it records `grantTypes` when made for the \
         browser (authorization-code) sign-in, and is reused only by the \
         sign-in it was made for, as by the AWS CLI. `login` writes them; \
         `logout` deletes the token.",
    ),
    (
        "~/.aws/cli/cache/",
        "Role credentials of SSO and assume-role profiles, shared with the AWS \
         CLI: `SHA1.json`, named by botocore's cache key for the role and in \
         its format. They are reused while more than `--min-ttl` seconds \
         (default 900) remain; `logout` deletes those of the sessions it ends.",
    ),
    (
        "~/.aws/sso/cache/SHA1.json.lock, ~/.aws/cli/cache/SHA1.json.lock",
        "Lock files beside a token, and beside the cached credentials of a \
         role. A process takes an exclusive lock (flock) on one before it signs \
         in, refreshes a token or fetches role credentials, then reads the \
         cache again, so parallel processes make one sign-in or one request \
         between them. A run that may sign in waits for a busy lock as long as \
         it takes; any other waits at most twice `SSOENV_READ_TIMEOUT` and a \
         second (exit 75). When \
         a fetch fails at the endpoint, its message and exit status are written \
         into the lock file, and the processes that were waiting end with it at \
         once. A lock ends with its process; the files stay.",
    ),
];

/// Said after the list of files.
const FILES_NOTE: &str = "The caches are always under the home folder, \
    whatever `AWS_CONFIG_FILE` says. Every file ssoenv writes there is mode \
    0600 and written atomically (a temporary `.ssoenv-*.tmp` file in the same \
    folder, then a rename; such files that a killed process left are removed \
    by a later write or `logout` once they are 10 minutes old); folders it \
    creates are mode 0700. A cache file that the group or others can read is \
    reported with a warning each time it is read.";

/// Exit statuses and their meaning (the codes of `Error::exit_code`, clap's 2, and
/// the panic hook's 70 in main.rs).
const EXIT_STATUS: &[(&str, &str)] = &[
    (
        "0",
        "Success, also when the reader of the output goes away early (as in \
         `ssoenv list | head`).",
    ),
    (
        "2",
        "The command line is wrong: an unknown command or option, a missing or \
         bad value, options that cannot go together.",
    ),
    (
        "64",
        "The request does not fit the profile or the situation: `login` for a \
         profile without SSO, a profile without credentials of its own or of an \
         unsupported kind, a needed MFA code without `--mfa-code` or a \
         terminal, `use` or `unuse` without the shell hook, a command `exec` \
         cannot find or run, no home folder.",
    ),
    (
        "65",
        "A cache file is corrupt. Most commands warn and fetch anew instead.",
    ),
    (
        "66",
        "A config or credentials file exists but cannot be read.",
    ),
    ("67", "The named profile is in neither file."),
    (
        "69",
        "An AWS endpoint answered with an error, could not be reached or did \
         not answer in time; or a profile's `credential_process` failed or \
         printed something unusable.",
    ),
    (
        "70",
        "An internal error: a bug in ssoenv. The message names the source file \
         and line, never the details, which could hold a secret.",
    ),
    (
        "74",
        "Output could not be written, or a cache or lock file could not be \
         read or written. A token is renewed only once room for the new one \
         is held beside it; a renewed token that still could not be saved is \
         reported as such: that session must be signed in again.",
    ),
    (
        "75",
        "Another ssoenv process held the lock of a token or cache entry (it \
         was signing in or fetching) for longer than twice `SSOENV_READ_TIMEOUT` \
         and a second (or `SSOENV_LOCK_WAIT`), and this run may not sign in \
         itself (`--no-login`, no terminal); try again once it is done. Also: \
         the config changed while ssoenv was editing it (up to the moment \
         the new file took its place); ssoenv's change was dropped and the \
         other version left in place (or kept in `<file>.ssoenv-conflict`, \
         which the message names); run the command again.",
    ),
    (
        "77",
        "Not signed in, and no sign-in is possible here (no terminal, or \
         `--no-login`); the sign-in was denied, expired or could not start; or \
         an endpoint refused the token or the credentials (HTTP 401 or 403).",
    ),
    (
        "78",
        "A config or credentials file is malformed, or a profile's or \
         sso-session's settings cannot work; the message names the file and \
         line where it can.",
    ),
];

/// Said after the list of exit statuses.
const EXIT_STATUS_EXEC: &str = "`ssoenv exec` exits with the status of its \
    command, and with 128+N when signal N ended it: on Unix the command \
    replaces ssoenv, so the shell sees the command itself. A command that is \
    not found (or whose #! interpreter is not) exits 127, and one that is found \
    but cannot run (not executable, a folder, an environment too large) 126, as \
    shells and env(1) exit. Other failures before the command starts have the \
    statuses above.";

/// Examples, as command and explanation.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "ssh devbox; ssoenv login dev",
        "Over SSH: ssoenv prints the sign-in URL and opens nothing. Open it on \
         your laptop; when the browser ends on an http://127.0.0.1:PORT address \
         that does not load, paste that address into the SSH terminal and press \
         Enter.",
    ),
    (
        "printf 'ssoenv_login_flow = device\\n' >> ~/.aws/config",
        "Under the last `[sso-session]` of the file: sign in with a code from \
         then on, for organisations or machines where the browser cannot come \
         back to this one (`SSOENV_LOGIN_FLOW=device` does the same for a shell).",
    ),
    (
        "ssoenv exec --server dev -- terraform apply",
        "A command that outlives its credentials: it gets a local credential \
         endpoint instead of keys, and ssoenv renews the credentials behind it \
         for as long as the command runs.",
    ),
    (
        "eval \"$(ssoenv init zsh)\"",
        "In `~/.zshrc`: load the shell hook. Likewise `eval \"$(ssoenv init \
         bash)\"` in `~/.bashrc`, and `ssoenv init fish | source` in \
         `~/.config/fish/config.fish`.",
    ),
    (
        "ssoenv use dev",
        "With the hook: load the credentials of profile dev into this shell. \
         The prompt shows `aws:dev` and the time left, and the hook renews them \
         before they expire.",
    ),
    (
        "ssoenv unuse",
        "With the hook: remove them again. A region changed by hand since \
         stays.",
    ),
    (
        "ssoenv exec dev -- aws s3 ls",
        "Run one command with the credentials of dev; its exit status is \
         ssoenv's.",
    ),
    (
        "ssoenv exec prod",
        "Start `$SHELL` with the credentials of prod; leave it to drop them.",
    ),
    (
        "eval \"$(ssoenv export dev)\"",
        "Load the credentials into the current sh, bash or zsh, without the \
         hook.",
    ),
    (
        "ssoenv export dev --format fish | source",
        "The same in fish. In PowerShell: `ssoenv export dev -f powershell | \
         Invoke-Expression`.",
    ),
    (
        "ssoenv export dev -f dotenv > .env",
        "A dotenv file, for `docker --env-file` and dotenv libraries.",
    ),
    (
        "credential_process = ssoenv credential-process dev",
        "In a `[profile NAME]` section of `~/.aws/config`: any tool that knows \
         `credential_process` but not SSO gets the credentials of dev.",
    ),
    (
        "ssoenv login --device-code --no-browser",
        "Over SSH: sign in to the SSO session of the profile in `AWS_PROFILE` \
         (else `AWS_DEFAULT_PROFILE`, else `default`) by opening the printed \
         URL on any device and checking the code.",
    ),
    (
        "ssoenv logout --all",
        "End every SSO session in the config, and delete the tokens and the \
         role credentials cached from them.",
    ),
    (
        "ssoenv status --json",
        "The state of each SSO token and each cached role credential, for a \
         script.",
    ),
    (
        "ssoenv list --json | jq -r '.[] | select(.kind == \"sso\") | .name'",
        "The names of the SSO profiles.",
    ),
    (
        "ssoenv whoami dev",
        "The account, ARN and user id behind the credentials of dev.",
    ),
    (
        "ssoenv completions zsh > ~/.zfunc/_ssoenv",
        "Install zsh completions without the hook.",
    ),
];

/// The date on the page: the last time its content changed.
const MAN_DATE: &str = "2026-11-22";

/// Text lines longer than this are wrapped (mandoc's style limit).
const WIDTH: usize = 80;

pub fn run() -> Result<()> {
    output::print(&render())
}

/// The whole page as roff.
pub fn render() -> String {
    let mut cmd = Cli::command();
    cmd.build();
    let man = Man::new(cmd.clone())
        .title("SSOENV")
        .date(MAN_DATE)
        .manual("ssoenv manual");
    let mut buf = Vec::new();
    // Writing to a Vec cannot fail. The title also defines the Aq string used below.
    let _ = man.render_title(&mut buf);
    let mut page = String::from_utf8_lossy(&buf).into_owned();
    // No hyphenation (it would split names such as AWS_DEFAULT_PROFILE), and
    // ragged right (long usage lines would otherwise be stretched).
    page.push_str(".nh\n.ad l\n");
    name(&mut page, &cmd);
    synopsis(&mut page, &cmd);
    page.push_str(".SH DESCRIPTION\n");
    paragraphs(&mut page, DESCRIPTION, ".PP");
    commands(&mut page, &cmd);
    global_options(&mut page, &cmd);
    page.push_str(".SH ENVIRONMENT\n");
    for (title, intro, items) in ENVIRONMENT {
        page.push_str(&format!(".SS \"{title}\"\n"));
        fill(&mut page, &inline(intro));
        list(&mut page, items);
    }
    page.push_str(".SH FILES\n");
    list(&mut page, FILES);
    page.push_str(".PP\n");
    fill(&mut page, &inline(FILES_NOTE));
    page.push_str(".SH \"EXIT STATUS\"\n");
    list(&mut page, EXIT_STATUS);
    page.push_str(".PP\n");
    fill(&mut page, &inline(EXIT_STATUS_EXEC));
    page.push_str(".SH EXAMPLES\n");
    for (command, text) in EXAMPLES {
        tag(&mut page, &format!("\\fB{}\\fR", escape(command)));
        fill(&mut page, &inline(text));
    }
    page
}

/// NAME: `ssoenv \- about`, the one line apropos reads.
fn name(page: &mut String, cmd: &Command) {
    let about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
    page.push_str(".SH NAME\n");
    fill(
        page,
        &format!("{} \\- {}", escape(cmd.get_name()), escape(&about)),
    );
}

/// SYNOPSIS: the global options and a command; then help and version.
fn synopsis(page: &mut String, cmd: &Command) {
    let globals: Vec<String> = visible_args(cmd)
        .filter(|a| !is_builtin(a))
        .map(usage_of)
        .collect();
    page.push_str(".SH SYNOPSIS\n");
    tag_line(
        page,
        &format!(
            "\\fB{}\\fR {} \\fICOMMAND\\fR [\\fIARGS\\fR]",
            escape(cmd.get_name()),
            globals.join(" ")
        ),
    );
    for flag in ["help", "version"] {
        page.push_str(".br\n");
        tag_line(
            page,
            &format!(
                "\\fB{}\\fR \\fB\\-{}\\fR|\\fB\\-\\-{flag}\\fR",
                escape(cmd.get_name()),
                if flag == "help" { 'h' } else { 'V' }
            ),
        );
    }
}

/// COMMANDS: per subcommand its usage, what it does, and its arguments.
fn commands(page: &mut String, cmd: &Command) {
    page.push_str(".SH COMMANDS\n");
    fill(
        page,
        &inline(
            "Where a command takes a profile and none is given, it uses \
             `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`, else `default`. The \
             options under OPTIONS work with every command.",
        ),
    );
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let path = format!("{} {}", cmd.get_name(), sub.get_name());
        let args: Vec<&Arg> = visible_args(sub)
            .filter(|a| !a.is_global_set() && !is_builtin(a))
            .collect();
        // Positionals first (as a user types them), the options, then `-- COMMAND`.
        let mut usage = vec![format!("\\fB{}\\fR", escape(&path))];
        usage.extend(
            args.iter()
                .filter(|a| a.is_positional() && !a.is_last_set())
                .map(|a| usage_of(a)),
        );
        usage.extend(
            args.iter()
                .filter(|a| !a.is_positional())
                .map(|a| usage_of(a)),
        );
        usage.extend(args.iter().filter(|a| a.is_last_set()).map(|a| usage_of(a)));
        if sub.has_subcommands() && !args.iter().any(|a| a.is_positional()) {
            usage.push("[\\fICOMMAND\\fR]".into());
        }
        tag(page, &usage.join(" "));
        let about = sub
            .get_long_about()
            .or(sub.get_about())
            .map(|a| a.to_string())
            .unwrap_or_default();
        paragraphs(page, &[&sentence(&about)], ".IP");
        let aliases: Vec<String> = sub
            .get_visible_aliases()
            .map(|a| format!("\\fB{}\\fR", escape(a)))
            .collect();
        if !aliases.is_empty() {
            fill(page, &format!("Alias: {}.", aliases.join(", ")));
        }
        if !args.is_empty() {
            page.push_str(".RS\n");
            for arg in &args {
                describe_arg(page, sub, arg);
            }
            page.push_str(".RE\n");
        }
    }
}

/// OPTIONS: the options every command takes.
fn global_options(page: &mut String, cmd: &Command) {
    page.push_str(".SH OPTIONS\n");
    fill(
        page,
        &inline("These go before or after the command's name."),
    );
    for arg in visible_args(cmd) {
        describe_arg(page, cmd, arg);
    }
}

/// The arguments of `cmd` that help shows.
fn visible_args(cmd: &Command) -> impl Iterator<Item = &Arg> {
    cmd.get_arguments().filter(|a| !a.is_hide_set())
}

/// `--help` and `--version`, which every command has.
fn is_builtin(arg: &Arg) -> bool {
    matches!(arg.get_id().as_str(), "help" | "version")
}

/// How `arg` appears in a usage line: `[\-f|\-\-format FORMAT]`, `PROFILE`,
/// `[PROFILE]`, `[\-\- COMMAND...]`.
fn usage_of(arg: &Arg) -> String {
    let mut s = if arg.is_positional() {
        value_name(arg)
    } else {
        let mut s = flag_names(arg).join("|");
        if takes_values(arg) {
            s.push(' ');
            s.push_str(&value_name(arg));
        }
        s
    };
    if arg.is_last_set() {
        s = format!("\\fB\\-\\-\\fR {s}");
    }
    // `[PROFILE...]` for values, `[\-v|\-\-verbose]...` for a repeated option.
    let dots = if repeats(arg) { "..." } else { "" };
    match (arg.is_required_set(), arg.is_positional()) {
        (true, _) => format!("{s}{dots}"),
        (false, true) => format!("[{s}{dots}]"),
        (false, false) => format!("[{s}]{dots}"),
    }
}

/// One argument as a list entry: its names, its help, its values, its default,
/// and the arguments it cannot go with.
fn describe_arg(page: &mut String, cmd: &Command, arg: &Arg) {
    let term = if arg.is_positional() {
        value_name(arg)
    } else {
        let mut t = flag_names(arg).join(", ");
        if takes_values(arg) {
            t.push(' ');
            t.push_str(&value_name(arg));
        }
        t
    };
    tag(page, &term);
    let help = arg
        .get_long_help()
        .or(arg.get_help())
        .map(|h| h.to_string())
        .unwrap_or_default();
    let mut text = inline(&sentence(&help));
    if repeats(arg) && !arg.is_positional() {
        text.push_str(" May be given more than once.");
    }
    let values: Vec<clap::builder::PossibleValue> = arg
        .get_possible_values()
        .into_iter()
        .filter(|v| !v.is_hide_set())
        .collect();
    let values_with_help = values.iter().any(|v| v.get_help().is_some());
    if !values.is_empty() && !values_with_help {
        let names: Vec<String> = values.iter().map(possible_value).collect();
        text.push_str(&format!(" One of: {}.", names.join(", ")));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|d| format!("\\fB{}\\fR", escape(&d.to_string_lossy())))
        .collect();
    if takes_values(arg) && !defaults.is_empty() {
        text.push_str(&format!(" Default: {}.", defaults.join(", ")));
    }
    let conflicts = conflicts_of(cmd, arg);
    if !conflicts.is_empty() {
        text.push_str(&format!(" Not with {}.", or_list(&conflicts)));
    }
    fill(page, &text);
    if values_with_help {
        page.push_str(".RS\n");
        for value in &values {
            tag(page, &possible_value(value));
            let help = value.get_help().map(|h| h.to_string()).unwrap_or_default();
            fill(page, &inline(&sentence(&help)));
        }
        page.push_str(".RE\n");
    }
}

/// A possible value in bold, with its aliases: `\fBpowershell\fR (or \fBpwsh\fR)`.
fn possible_value(value: &clap::builder::PossibleValue) -> String {
    let mut names = value
        .get_name_and_aliases()
        .map(|n| format!("\\fB{}\\fR", escape(n)));
    let first = names.next().unwrap_or_default();
    let rest: Vec<String> = names.collect();
    if rest.is_empty() {
        first
    } else {
        format!("{first} (or {})", rest.join(", "))
    }
}

/// `\fB\-f\fR` and `\fB\-\-format\fR`, as far as the argument has them.
fn flag_names(arg: &Arg) -> Vec<String> {
    let mut names = Vec::new();
    if let Some(short) = arg.get_short() {
        names.push(format!("\\fB\\-{}\\fR", escape(&short.to_string())));
    }
    if let Some(long) = arg.get_long() {
        names.push(format!("\\fB\\-\\-{}\\fR", escape(long)));
    }
    names
}

/// The placeholder of the argument's value, in italics: `\fIPROFILE\fR`.
fn value_name(arg: &Arg) -> String {
    let name = arg
        .get_value_names()
        .and_then(|names| names.first())
        .map(|n| n.to_string())
        .unwrap_or_else(|| arg.get_id().as_str().to_uppercase());
    format!("\\fI{}\\fR", escape(&name))
}

fn takes_values(arg: &Arg) -> bool {
    arg.get_action().takes_values()
}

/// Whether the argument may be given more than once (or take several values).
fn repeats(arg: &Arg) -> bool {
    matches!(arg.get_action(), ArgAction::Count | ArgAction::Append)
        || arg.get_num_args().is_some_and(|n| n.max_values() > 1)
}

/// The arguments `arg` conflicts with, whichever of the two declares it.
fn conflicts_of(cmd: &Command, arg: &Arg) -> Vec<String> {
    let mut ids: Vec<&str> = Vec::new();
    for other in visible_args(cmd) {
        let declared = cmd
            .get_arg_conflicts_with(arg)
            .iter()
            .any(|c| c.get_id() == other.get_id())
            || cmd
                .get_arg_conflicts_with(other)
                .iter()
                .any(|c| c.get_id() == arg.get_id());
        if declared && other.get_id() != arg.get_id() {
            ids.push(other.get_id().as_str());
        }
    }
    visible_args(cmd)
        .filter(|a| ids.contains(&a.get_id().as_str()))
        .map(|a| {
            if a.is_positional() {
                value_name(a)
            } else {
                flag_names(a).pop().unwrap_or_default()
            }
        })
        .collect()
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// Help text as prose: clap drops the final period of one-line help.
fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.is_empty() || text.ends_with(['.', '!', '?', ':']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// Paragraphs (also those inside one text, split at blank lines), separated by `sep`.
fn paragraphs(page: &mut String, texts: &[&str], sep: &str) {
    let mut first = true;
    for text in texts {
        for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
            if !first {
                page.push_str(sep);
                page.push('\n');
            }
            first = false;
            fill(page, &inline(para));
        }
    }
}

/// A definition list of (term, text) pairs, the terms in bold.
fn list(page: &mut String, items: &[(&str, &str)]) {
    for (term, text) in items {
        let terms: Vec<String> = term
            .split(", ")
            .map(|t| format!("\\fB{}\\fR", escape(t)))
            .collect();
        tag(page, &terms.join(", "));
        fill(page, &inline(text));
    }
}

/// A `.TP` entry with `roff` as its tag.
fn tag(page: &mut String, roff: &str) {
    page.push_str(".TP\n");
    tag_line(page, roff);
}

/// A line of roff that must stay one line: as text when it is short, else as
/// the argument of `.RI` (a macro line, so mandoc does not ask to wrap it).
fn tag_line(page: &mut String, roff: &str) {
    if roff.len() <= WIDTH && !roff.starts_with('.') {
        page.push_str(roff);
    } else {
        page.push_str(&format!(".RI \"{}\"", roff.replace('"', "\\(dq")));
    }
    page.push('\n');
}

/// Escaped roff text as lines of at most [`WIDTH`] bytes (a longer word stays
/// whole); a line that would start with a dot is protected with `\&`.
fn fill(page: &mut String, roff: &str) {
    let mut line = String::new();
    for word in roff.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > WIDTH {
            push_line(page, &line);
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        push_line(page, &line);
    }
}

fn push_line(page: &mut String, line: &str) {
    if line.starts_with('.') {
        page.push_str("\\&");
    }
    page.push_str(line);
    page.push('\n');
}

/// Plain text as roff, with `backquoted` spans in bold.
fn inline(text: &str) -> String {
    let spans: Vec<&str> = text.split('`').collect();
    if spans.len().is_multiple_of(2) {
        // An unpaired backquote: keep them all literal.
        return escape(text);
    }
    spans
        .iter()
        .enumerate()
        .map(|(i, span)| {
            if i % 2 == 1 {
                format!("\\fB{}\\fR", escape(span))
            } else {
                escape(span)
            }
        })
        .collect()
}

/// Escapes plain text for roff: backslashes; hyphens as `\-`, so that options
/// and commands copy as ASCII; apostrophes and backquotes as the ASCII
/// characters (not typographic quotes); a double quote is safe in text lines
/// and [`tag_line`] protects it in macro lines.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\e"),
            '-' => out.push_str("\\-"),
            '\'' => out.push_str("\\*(Aq"),
            '`' => out.push_str("\\(ga"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_for_roff() {
        assert_eq!(escape(r"a-b\c'd`"), r"a\-b\ec\*(Aqd\(ga");
        assert_eq!(
            inline("run `ssoenv login` now"),
            r"run \fBssoenv login\fR now"
        );
        assert_eq!(inline("a ` b"), r"a \(ga b");
        let mut page = String::new();
        fill(&mut page, &format!("{} .x", "w".repeat(79)));
        assert_eq!(page, format!("{}\n\\&.x\n", "w".repeat(79)));
        let mut page = String::new();
        tag_line(&mut page, &format!("\"{}\"", "q".repeat(80)));
        assert!(page.starts_with(".RI \"\\(dq"), "{page}");
    }

    #[test]
    fn every_text_line_fits() {
        for line in render().lines().filter(|l| !l.starts_with('.')) {
            // A single long word may stay whole; nothing here has one.
            assert!(line.len() <= WIDTH, "{line}");
        }
    }
}
