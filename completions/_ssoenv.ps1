
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'ssoenv' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'ssoenv'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'ssoenv' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: the NO_COLOR environment variable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the profiles in ~/.aws/config and ~/.aws/credentials')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the profiles in ~/.aws/config and ~/.aws/credentials')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print shell code that loads a profile''s credentials: eval "$(ssoenv export dev)"')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command (default: $SHELL) with a profile''s credentials in its environment')
            [CompletionResult]::new('credential-process', 'credential-process', [CompletionResultType]::ParameterValue, 'Print a profile''s credentials as `credential_process` JSON (for `credential_process = ssoenv credential-process dev` in ~/.aws/config)')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show who a profile''s credentials belong to (STS GetCallerIdentity)')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Sign in to IAM Identity Center (the AWS CLI shares the token)')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Sign out: end the portal session, delete the token and the role credentials cached from it')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show each SSO session''s token and each cached role credential, with expiries')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Print the shell hook: eval "$(ssoenv init bash)" in ~/.bashrc, likewise for zsh, or `ssoenv init fish | source` in config.fish')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Load a profile''s credentials into the current shell (needs the hook from `ssoenv init`)')
            [CompletionResult]::new('unuse', 'unuse', [CompletionResultType]::ParameterValue, 'Remove from the current shell everything `ssoenv use` set (needs the hook from `ssoenv init`)')
            [CompletionResult]::new('configure', 'configure', [CompletionResultType]::ParameterValue, 'Set up an sso-session and a profile, interactively or from flags (like `aws configure sso`): sign in, pick the account and role, write ~/.aws/config')
            [CompletionResult]::new('populate', 'populate', [CompletionResultType]::ParameterValue, 'Write a profile for every account and role an sso-session can reach, into a block of ~/.aws/config that ssoenv owns')
            [CompletionResult]::new('console', 'console', [CompletionResultType]::ParameterValue, 'Open the AWS console in the browser, signed in as a profile')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff), e.g. `ssoenv man | man -l -`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ssoenv;list' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array with every setting of every profile (secrets redacted)')
            [CompletionResult]::new('--names', '--names', [CompletionResultType]::ParameterName, 'Print only the profile names, one a line (for completions and scripts)')
            [CompletionResult]::new('--sso-sessions', '--sso-sessions', [CompletionResultType]::ParameterName, 'Print only the [sso-session] names, one a line (for completions and scripts)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: the NO_COLOR environment variable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ssoenv;ls' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array with every setting of every profile (secrets redacted)')
            [CompletionResult]::new('--names', '--names', [CompletionResultType]::ParameterName, 'Print only the profile names, one a line (for completions and scripts)')
            [CompletionResult]::new('--sso-sessions', '--sso-sessions', [CompletionResultType]::ParameterName, 'Print only the [sso-session] names, one a line (for completions and scripts)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: the NO_COLOR environment variable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ssoenv;export' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile, as the AWS CLI and aws-vault name it (same as the argument)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The output format')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The region to hand over (default: the profile''s)')
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'The MFA code, for a role with `mfa_serial` (else asked on the terminal)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Reuse cached credentials only with at least this many seconds left')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole''s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile''s permission set decides its own')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole''s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile''s permission set decides its own')
            [CompletionResult]::new('--no-login', '--no-login', [CompletionResultType]::ParameterName, 'Never start a browser sign-in; fail if no token is usable')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: the NO_COLOR environment variable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ssoenv;exec' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile, as aws-vault and the AWS CLI name it (then every word after the options is the command)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The region to hand over (default: the profile''s)')
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'The MFA code, for a role with `mfa_serial` (else asked on the terminal)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Reuse cached credentials only with at least this many seconds left')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole''s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile''s permission set decides its own')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole''s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile''s permission set decides its own')
            [CompletionResult]::new('--no-login', '--no-login', [CompletionResultType]::ParameterName, 'Never start a browser sign-in; fail if no token is usable')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Serve the credentials to the command from a local endpoint that renews them (AWS_CONTAINER_CREDENTIALS_FULL_URI) instead of putting keys in its environment: for commands that run longer than the credentials last')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: the NO_COLOR environment variable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ssoenv;credential-process' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile, as the AWS CLI and aws-vault name it (same as the argument)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The region to hand over (default: the profile''s)')
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'The MFA code, for a role with `mfa_serial` (else asked on the terminal)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Reuse cached credentials only with at least this many seconds left')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole''s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile''s permission set decides its own')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole''s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile''s permission set decides its own')
            [CompletionResult]::new('--no-login', '--no-login', [CompletionResultType]::ParameterName, 'Never start a browser sign-in; fail if no token is usable')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: the NO_COLOR environment variable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ssoenv;whoami' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile, as the AWS CLI and aws-vault name it (same as the argument)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The region to hand over (default: the profile''s)')
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'The MFA code, for a role with `mfa_serial` (else asked on the terminal)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Reuse cached credentials only with at least this many seconds left')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole''s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile''s permission set decides its own')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole''s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile''s permission set decides its own')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (Account, Arn, UserId)')
            [CompletionResult]::new('--no-login', '--no-login', [CompletionResultType]::ParameterName, 'Never start a browser sign-in; fail if no token is usable')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: the NO_COLOR environment variable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ssoenv;login' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile, as the AWS CLI names it (same as the argument)')
            [CompletionResult]::new('--sso-session', '--sso-session', [CompletionResultType]::ParameterName, 'Sign in to this [sso-session] instead of a profile''s')
            [CompletionResult]::new('--device-code', '--device-code', [CompletionResultType]::ParameterName, 'Use the device-code flow (a code to confirm) instead of the browser redirect')
            [CompletionResult]::new('--use-device-code', '--use-device-code', [CompletionResultType]::ParameterName, 'Use the device-code flow (a code to confirm) instead of the browser redirect')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; only print the URL (for SSH sessions)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Sign in again even if the cached token is still valid')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: the NO_COLOR environment variable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ssoenv;logout' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile, as the AWS CLI names it (same as the argument)')
            [CompletionResult]::new('--sso-session', '--sso-session', [CompletionResultType]::ParameterName, 'End this [sso-session]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'End every SSO session in the config')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: the NO_COLOR environment variable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ssoenv;status' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON for scripts')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: the NO_COLOR environment variable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ssoenv;init' {
            [CompletionResult]::new('--no-prompt', '--no-prompt', [CompletionResultType]::ParameterName, 'Leave the prompt alone; define `ssoenv_prompt`, which prints the segment, instead')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: the NO_COLOR environment variable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ssoenv;use' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile, as the AWS CLI and aws-vault name it (same as the argument)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The region to hand over (default: the profile''s)')
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'The MFA code, for a role with `mfa_serial` (else asked on the terminal)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Reuse cached credentials only with at least this many seconds left')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole''s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile''s permission set decides its own')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole''s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile''s permission set decides its own')
            [CompletionResult]::new('--shell', '--shell', [CompletionResultType]::ParameterName, 'Print the code for this shell instead of needing the hook (the hook runs this)')
            [CompletionResult]::new('--no-login', '--no-login', [CompletionResultType]::ParameterName, 'Never start a browser sign-in; fail if no token is usable')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: the NO_COLOR environment variable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ssoenv;unuse' {
            [CompletionResult]::new('--shell', '--shell', [CompletionResultType]::ParameterName, 'Print the code for this shell instead of needing the hook (the hook runs this)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: the NO_COLOR environment variable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ssoenv;configure' {
            [CompletionResult]::new('--sso-session', '--sso-session', [CompletionResultType]::ParameterName, 'The [sso-session] name to create or reuse')
            [CompletionResult]::new('--start-url', '--start-url', [CompletionResultType]::ParameterName, 'The portal''s start URL (https://…/start)')
            [CompletionResult]::new('--sso-region', '--sso-region', [CompletionResultType]::ParameterName, 'The region of IAM Identity Center')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'The registration scopes, comma separated')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The account: its id, or its exact name')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'The role (permission set) name')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The profile''s default region')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'The profile''s output format (json, yaml, yaml-stream, text, table)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile''s name (default: <account-name>.<role>)')
            [CompletionResult]::new('--device-code', '--device-code', [CompletionResultType]::ParameterName, 'Use the device-code flow to sign in')
            [CompletionResult]::new('--use-device-code', '--use-device-code', [CompletionResultType]::ParameterName, 'Use the device-code flow to sign in')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; only print the sign-in URL')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Change an existing sso-session''s start URL or SSO region without asking (every profile of that session follows it)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: the NO_COLOR environment variable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ssoenv;populate' {
            [CompletionResult]::new('--sso-session', '--sso-session', [CompletionResultType]::ParameterName, 'The [sso-session] whose accounts and roles to write')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'The profile name pattern: {account_name}, {account_id}, {role_name}, {sso_session}')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The region to set in every profile')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Remove the profiles of accounts and roles that are no longer reachable')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the changes as a diff and write nothing')
            [CompletionResult]::new('--no-login', '--no-login', [CompletionResultType]::ParameterName, 'Never start a browser sign-in; fail if no token is usable')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: the NO_COLOR environment variable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ssoenv;console' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile, as the AWS CLI and aws-vault name it (same as the argument)')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Open this service''s console (e.g. s3, ec2, cloudwatch)')
            [CompletionResult]::new('--destination', '--destination', [CompletionResultType]::ParameterName, 'Open this console URL')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The region to hand over (default: the profile''s)')
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'The MFA code, for a role with `mfa_serial` (else asked on the terminal)')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Reuse cached credentials only with at least this many seconds left')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole''s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile''s permission set decides its own')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole''s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile''s permission set decides its own')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'Print the sign-in URL instead of opening it')
            [CompletionResult]::new('--no-login', '--no-login', [CompletionResultType]::ParameterName, 'Never start a browser sign-in; fail if no token is usable')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: the NO_COLOR environment variable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ssoenv;completions' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: the NO_COLOR environment variable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ssoenv;man' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what ssoenv reads and does, on stderr (never secrets)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (also: the NO_COLOR environment variable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ssoenv;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the profiles in ~/.aws/config and ~/.aws/credentials')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print shell code that loads a profile''s credentials: eval "$(ssoenv export dev)"')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command (default: $SHELL) with a profile''s credentials in its environment')
            [CompletionResult]::new('credential-process', 'credential-process', [CompletionResultType]::ParameterValue, 'Print a profile''s credentials as `credential_process` JSON (for `credential_process = ssoenv credential-process dev` in ~/.aws/config)')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show who a profile''s credentials belong to (STS GetCallerIdentity)')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Sign in to IAM Identity Center (the AWS CLI shares the token)')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Sign out: end the portal session, delete the token and the role credentials cached from it')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show each SSO session''s token and each cached role credential, with expiries')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Print the shell hook: eval "$(ssoenv init bash)" in ~/.bashrc, likewise for zsh, or `ssoenv init fish | source` in config.fish')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Load a profile''s credentials into the current shell (needs the hook from `ssoenv init`)')
            [CompletionResult]::new('unuse', 'unuse', [CompletionResultType]::ParameterValue, 'Remove from the current shell everything `ssoenv use` set (needs the hook from `ssoenv init`)')
            [CompletionResult]::new('configure', 'configure', [CompletionResultType]::ParameterValue, 'Set up an sso-session and a profile, interactively or from flags (like `aws configure sso`): sign in, pick the account and role, write ~/.aws/config')
            [CompletionResult]::new('populate', 'populate', [CompletionResultType]::ParameterValue, 'Write a profile for every account and role an sso-session can reach, into a block of ~/.aws/config that ssoenv owns')
            [CompletionResult]::new('console', 'console', [CompletionResultType]::ParameterValue, 'Open the AWS console in the browser, signed in as a profile')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff), e.g. `ssoenv man | man -l -`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ssoenv;help;list' {
            break
        }
        'ssoenv;help;export' {
            break
        }
        'ssoenv;help;exec' {
            break
        }
        'ssoenv;help;credential-process' {
            break
        }
        'ssoenv;help;whoami' {
            break
        }
        'ssoenv;help;login' {
            break
        }
        'ssoenv;help;logout' {
            break
        }
        'ssoenv;help;status' {
            break
        }
        'ssoenv;help;init' {
            break
        }
        'ssoenv;help;use' {
            break
        }
        'ssoenv;help;unuse' {
            break
        }
        'ssoenv;help;configure' {
            break
        }
        'ssoenv;help;populate' {
            break
        }
        'ssoenv;help;console' {
            break
        }
        'ssoenv;help;completions' {
            break
        }
        'ssoenv;help;man' {
            break
        }
        'ssoenv;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
