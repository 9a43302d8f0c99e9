
use builtin;
use str;

set edit:completion:arg-completer[ssoenv] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'ssoenv'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'ssoenv'= {
            cand -v 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --verbose 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --no-color 'Never colour the output (also: the NO_COLOR environment variable)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the profiles in ~/.aws/config and ~/.aws/credentials'
            cand ls 'List the profiles in ~/.aws/config and ~/.aws/credentials'
            cand export 'Print shell code that loads a profile''s credentials: eval "$(ssoenv export dev)"'
            cand exec 'Run a command (default: $SHELL) with a profile''s credentials in its environment'
            cand credential-process 'Print a profile''s credentials as `credential_process` JSON (for `credential_process = ssoenv credential-process dev` in ~/.aws/config)'
            cand whoami 'Show who a profile''s credentials belong to (STS GetCallerIdentity)'
            cand login 'Sign in to IAM Identity Center (the AWS CLI shares the token)'
            cand logout 'Sign out: end the portal session, delete the token and the role credentials cached from it'
            cand status 'Show each SSO session''s token and each cached role credential, with expiries'
            cand init 'Print the shell hook: eval "$(ssoenv init bash)" in ~/.bashrc, likewise for zsh, or `ssoenv init fish | source` in config.fish'
            cand use 'Load a profile''s credentials into the current shell (needs the hook from `ssoenv init`)'
            cand unuse 'Remove from the current shell everything `ssoenv use` set (needs the hook from `ssoenv init`)'
            cand configure 'Set up an sso-session and a profile, interactively or from flags (like `aws configure sso`): sign in, pick the account and role, write ~/.aws/config'
            cand populate 'Write a profile for every account and role an sso-session can reach, into a block of ~/.aws/config that ssoenv owns'
            cand console 'Open the AWS console in the browser, signed in as a profile'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand man 'Print the manual page (roff), e.g. `ssoenv man | man -l -`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ssoenv;list'= {
            cand --json 'Print a JSON array with every setting of every profile (secrets redacted)'
            cand --names 'Print only the profile names, one a line (for completions and scripts)'
            cand --sso-sessions 'Print only the [sso-session] names, one a line (for completions and scripts)'
            cand -v 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --verbose 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --no-color 'Never colour the output (also: the NO_COLOR environment variable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ssoenv;ls'= {
            cand --json 'Print a JSON array with every setting of every profile (secrets redacted)'
            cand --names 'Print only the profile names, one a line (for completions and scripts)'
            cand --sso-sessions 'Print only the [sso-session] names, one a line (for completions and scripts)'
            cand -v 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --verbose 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --no-color 'Never colour the output (also: the NO_COLOR environment variable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ssoenv;export'= {
            cand --profile 'The profile, as the AWS CLI and aws-vault name it (same as the argument)'
            cand -f 'The output format'
            cand --format 'The output format'
            cand --region 'The region to hand over (default: the profile''s)'
            cand --mfa-code 'The MFA code, for a role with `mfa_serial` (else asked on the terminal)'
            cand --min-ttl 'Reuse cached credentials only with at least this many seconds left'
            cand -d 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole''s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile''s permission set decides its own'
            cand --duration 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole''s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile''s permission set decides its own'
            cand --no-login 'Never start a browser sign-in; fail if no token is usable'
            cand -v 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --verbose 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --no-color 'Never colour the output (also: the NO_COLOR environment variable)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ssoenv;exec'= {
            cand --profile 'The profile, as aws-vault and the AWS CLI name it (then every word after the options is the command)'
            cand --region 'The region to hand over (default: the profile''s)'
            cand --mfa-code 'The MFA code, for a role with `mfa_serial` (else asked on the terminal)'
            cand --min-ttl 'Reuse cached credentials only with at least this many seconds left'
            cand -d 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole''s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile''s permission set decides its own'
            cand --duration 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole''s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile''s permission set decides its own'
            cand --no-login 'Never start a browser sign-in; fail if no token is usable'
            cand --server 'Serve the credentials to the command from a local endpoint that renews them (AWS_CONTAINER_CREDENTIALS_FULL_URI) instead of putting keys in its environment: for commands that run longer than the credentials last'
            cand -v 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --verbose 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --no-color 'Never colour the output (also: the NO_COLOR environment variable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ssoenv;credential-process'= {
            cand --profile 'The profile, as the AWS CLI and aws-vault name it (same as the argument)'
            cand --region 'The region to hand over (default: the profile''s)'
            cand --mfa-code 'The MFA code, for a role with `mfa_serial` (else asked on the terminal)'
            cand --min-ttl 'Reuse cached credentials only with at least this many seconds left'
            cand -d 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole''s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile''s permission set decides its own'
            cand --duration 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole''s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile''s permission set decides its own'
            cand --no-login 'Never start a browser sign-in; fail if no token is usable'
            cand -v 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --verbose 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --no-color 'Never colour the output (also: the NO_COLOR environment variable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ssoenv;whoami'= {
            cand --profile 'The profile, as the AWS CLI and aws-vault name it (same as the argument)'
            cand --region 'The region to hand over (default: the profile''s)'
            cand --mfa-code 'The MFA code, for a role with `mfa_serial` (else asked on the terminal)'
            cand --min-ttl 'Reuse cached credentials only with at least this many seconds left'
            cand -d 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole''s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile''s permission set decides its own'
            cand --duration 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole''s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile''s permission set decides its own'
            cand --json 'Print JSON (Account, Arn, UserId)'
            cand --no-login 'Never start a browser sign-in; fail if no token is usable'
            cand -v 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --verbose 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --no-color 'Never colour the output (also: the NO_COLOR environment variable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ssoenv;login'= {
            cand --profile 'The profile, as the AWS CLI names it (same as the argument)'
            cand --sso-session 'Sign in to this [sso-session] instead of a profile''s'
            cand --device-code 'Use the device-code flow (a code to confirm) instead of the browser redirect'
            cand --use-device-code 'Use the device-code flow (a code to confirm) instead of the browser redirect'
            cand --no-browser 'Do not open a browser; only print the URL (for SSH sessions)'
            cand --force 'Sign in again even if the cached token is still valid'
            cand -v 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --verbose 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --no-color 'Never colour the output (also: the NO_COLOR environment variable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ssoenv;logout'= {
            cand --profile 'The profile, as the AWS CLI names it (same as the argument)'
            cand --sso-session 'End this [sso-session]'
            cand --all 'End every SSO session in the config'
            cand -v 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --verbose 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --no-color 'Never colour the output (also: the NO_COLOR environment variable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ssoenv;status'= {
            cand --json 'Print JSON for scripts'
            cand -v 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --verbose 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --no-color 'Never colour the output (also: the NO_COLOR environment variable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ssoenv;init'= {
            cand --no-prompt 'Leave the prompt alone; define `ssoenv_prompt`, which prints the segment, instead'
            cand -v 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --verbose 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --no-color 'Never colour the output (also: the NO_COLOR environment variable)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ssoenv;use'= {
            cand --profile 'The profile, as the AWS CLI and aws-vault name it (same as the argument)'
            cand --region 'The region to hand over (default: the profile''s)'
            cand --mfa-code 'The MFA code, for a role with `mfa_serial` (else asked on the terminal)'
            cand --min-ttl 'Reuse cached credentials only with at least this many seconds left'
            cand -d 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole''s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile''s permission set decides its own'
            cand --duration 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole''s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile''s permission set decides its own'
            cand --shell 'Print the code for this shell instead of needing the hook (the hook runs this)'
            cand --no-login 'Never start a browser sign-in; fail if no token is usable'
            cand -v 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --verbose 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --no-color 'Never colour the output (also: the NO_COLOR environment variable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ssoenv;unuse'= {
            cand --shell 'Print the code for this shell instead of needing the hook (the hook runs this)'
            cand -v 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --verbose 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --no-color 'Never colour the output (also: the NO_COLOR environment variable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ssoenv;configure'= {
            cand --sso-session 'The [sso-session] name to create or reuse'
            cand --start-url 'The portal''s start URL (https://…/start)'
            cand --sso-region 'The region of IAM Identity Center'
            cand --scopes 'The registration scopes, comma separated'
            cand --account 'The account: its id, or its exact name'
            cand --role 'The role (permission set) name'
            cand --region 'The profile''s default region'
            cand --output 'The profile''s output format (json, yaml, yaml-stream, text, table)'
            cand --profile 'The profile''s name (default: <account-name>.<role>)'
            cand --device-code 'Use the device-code flow to sign in'
            cand --use-device-code 'Use the device-code flow to sign in'
            cand --no-browser 'Do not open a browser; only print the sign-in URL'
            cand --force 'Change an existing sso-session''s start URL or SSO region without asking (every profile of that session follows it)'
            cand -v 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --verbose 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --no-color 'Never colour the output (also: the NO_COLOR environment variable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ssoenv;populate'= {
            cand --sso-session 'The [sso-session] whose accounts and roles to write'
            cand --template 'The profile name pattern: {account_name}, {account_id}, {role_name}, {sso_session}'
            cand --region 'The region to set in every profile'
            cand --prune 'Remove the profiles of accounts and roles that are no longer reachable'
            cand --dry-run 'Print the changes as a diff and write nothing'
            cand --no-login 'Never start a browser sign-in; fail if no token is usable'
            cand -v 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --verbose 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --no-color 'Never colour the output (also: the NO_COLOR environment variable)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ssoenv;console'= {
            cand --profile 'The profile, as the AWS CLI and aws-vault name it (same as the argument)'
            cand --service 'Open this service''s console (e.g. s3, ec2, cloudwatch)'
            cand --destination 'Open this console URL'
            cand --region 'The region to hand over (default: the profile''s)'
            cand --mfa-code 'The MFA code, for a role with `mfa_serial` (else asked on the terminal)'
            cand --min-ttl 'Reuse cached credentials only with at least this many seconds left'
            cand -d 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole''s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile''s permission set decides its own'
            cand --duration 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole''s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile''s permission set decides its own'
            cand --print 'Print the sign-in URL instead of opening it'
            cand --no-login 'Never start a browser sign-in; fail if no token is usable'
            cand -v 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --verbose 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --no-color 'Never colour the output (also: the NO_COLOR environment variable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ssoenv;completions'= {
            cand -v 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --verbose 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --no-color 'Never colour the output (also: the NO_COLOR environment variable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ssoenv;man'= {
            cand -v 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --verbose 'Say what ssoenv reads and does, on stderr (never secrets)'
            cand --no-color 'Never colour the output (also: the NO_COLOR environment variable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ssoenv;help'= {
            cand list 'List the profiles in ~/.aws/config and ~/.aws/credentials'
            cand export 'Print shell code that loads a profile''s credentials: eval "$(ssoenv export dev)"'
            cand exec 'Run a command (default: $SHELL) with a profile''s credentials in its environment'
            cand credential-process 'Print a profile''s credentials as `credential_process` JSON (for `credential_process = ssoenv credential-process dev` in ~/.aws/config)'
            cand whoami 'Show who a profile''s credentials belong to (STS GetCallerIdentity)'
            cand login 'Sign in to IAM Identity Center (the AWS CLI shares the token)'
            cand logout 'Sign out: end the portal session, delete the token and the role credentials cached from it'
            cand status 'Show each SSO session''s token and each cached role credential, with expiries'
            cand init 'Print the shell hook: eval "$(ssoenv init bash)" in ~/.bashrc, likewise for zsh, or `ssoenv init fish | source` in config.fish'
            cand use 'Load a profile''s credentials into the current shell (needs the hook from `ssoenv init`)'
            cand unuse 'Remove from the current shell everything `ssoenv use` set (needs the hook from `ssoenv init`)'
            cand configure 'Set up an sso-session and a profile, interactively or from flags (like `aws configure sso`): sign in, pick the account and role, write ~/.aws/config'
            cand populate 'Write a profile for every account and role an sso-session can reach, into a block of ~/.aws/config that ssoenv owns'
            cand console 'Open the AWS console in the browser, signed in as a profile'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand man 'Print the manual page (roff), e.g. `ssoenv man | man -l -`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ssoenv;help;list'= {
        }
        &'ssoenv;help;export'= {
        }
        &'ssoenv;help;exec'= {
        }
        &'ssoenv;help;credential-process'= {
        }
        &'ssoenv;help;whoami'= {
        }
        &'ssoenv;help;login'= {
        }
        &'ssoenv;help;logout'= {
        }
        &'ssoenv;help;status'= {
        }
        &'ssoenv;help;init'= {
        }
        &'ssoenv;help;use'= {
        }
        &'ssoenv;help;unuse'= {
        }
        &'ssoenv;help;configure'= {
        }
        &'ssoenv;help;populate'= {
        }
        &'ssoenv;help;console'= {
        }
        &'ssoenv;help;completions'= {
        }
        &'ssoenv;help;man'= {
        }
        &'ssoenv;help;help'= {
        }
    ]
    $completions[$command]
}
