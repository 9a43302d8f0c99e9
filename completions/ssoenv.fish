# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_ssoenv_global_optspecs
    string join \n v/verbose no-color h/help V/version
end

function __fish_ssoenv_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_ssoenv_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_ssoenv_using_subcommand
    set -l cmd (__fish_ssoenv_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c ssoenv -n "__fish_ssoenv_needs_command" -s v -l verbose -d 'Say what ssoenv reads and does, on stderr (never secrets)'
complete -c ssoenv -n "__fish_ssoenv_needs_command" -l no-color -d 'Never colour the output (also: the NO_COLOR environment variable)'
complete -c ssoenv -n "__fish_ssoenv_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ssoenv -n "__fish_ssoenv_needs_command" -s V -l version -d 'Print version'
complete -c ssoenv -n "__fish_ssoenv_needs_command" -f -a "list" -d 'List the profiles in ~/.aws/config and ~/.aws/credentials'
complete -c ssoenv -n "__fish_ssoenv_needs_command" -f -a "ls" -d 'List the profiles in ~/.aws/config and ~/.aws/credentials'
complete -c ssoenv -n "__fish_ssoenv_needs_command" -f -a "export" -d 'Print shell code that loads a profile\'s credentials: eval "$(ssoenv export dev)"'
complete -c ssoenv -n "__fish_ssoenv_needs_command" -f -a "exec" -d 'Run a command (default: $SHELL) with a profile\'s credentials in its environment'
complete -c ssoenv -n "__fish_ssoenv_needs_command" -f -a "credential-process" -d 'Print a profile\'s credentials as `credential_process` JSON (for `credential_process = ssoenv credential-process dev` in ~/.aws/config)'
complete -c ssoenv -n "__fish_ssoenv_needs_command" -f -a "whoami" -d 'Show who a profile\'s credentials belong to (STS GetCallerIdentity)'
complete -c ssoenv -n "__fish_ssoenv_needs_command" -f -a "login" -d 'Sign in to IAM Identity Center (the AWS CLI shares the token)'
complete -c ssoenv -n "__fish_ssoenv_needs_command" -f -a "logout" -d 'Sign out: end the portal session, delete the token and the role credentials cached from it'
complete -c ssoenv -n "__fish_ssoenv_needs_command" -f -a "status" -d 'Show each SSO session\'s token and each cached role credential, with expiries'
complete -c ssoenv -n "__fish_ssoenv_needs_command" -f -a "init" -d 'Print the shell hook: eval "$(ssoenv init bash)" in ~/.bashrc, likewise for zsh, or `ssoenv init fish | source` in config.fish'
complete -c ssoenv -n "__fish_ssoenv_needs_command" -f -a "use" -d 'Load a profile\'s credentials into the current shell (needs the hook from `ssoenv init`)'
complete -c ssoenv -n "__fish_ssoenv_needs_command" -f -a "unuse" -d 'Remove from the current shell everything `ssoenv use` set (needs the hook from `ssoenv init`)'
complete -c ssoenv -n "__fish_ssoenv_needs_command" -f -a "configure" -d 'Set up an sso-session and a profile, interactively or from flags (like `aws configure sso`): sign in, pick the account and role, write ~/.aws/config'
complete -c ssoenv -n "__fish_ssoenv_needs_command" -f -a "populate" -d 'Write a profile for every account and role an sso-session can reach, into a block of ~/.aws/config that ssoenv owns'
complete -c ssoenv -n "__fish_ssoenv_needs_command" -f -a "console" -d 'Open the AWS console in the browser, signed in as a profile'
complete -c ssoenv -n "__fish_ssoenv_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c ssoenv -n "__fish_ssoenv_needs_command" -f -a "man" -d 'Print the manual page (roff), e.g. `ssoenv man | man -l -`'
complete -c ssoenv -n "__fish_ssoenv_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand list" -l json -d 'Print a JSON array with every setting of every profile (secrets redacted)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand list" -l names -d 'Print only the profile names, one a line (for completions and scripts)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand list" -l sso-sessions -d 'Print only the [sso-session] names, one a line (for completions and scripts)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand list" -s v -l verbose -d 'Say what ssoenv reads and does, on stderr (never secrets)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand list" -l no-color -d 'Never colour the output (also: the NO_COLOR environment variable)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand list" -s h -l help -d 'Print help'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand list" -s V -l version -d 'Print version'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand ls" -l json -d 'Print a JSON array with every setting of every profile (secrets redacted)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand ls" -l names -d 'Print only the profile names, one a line (for completions and scripts)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand ls" -l sso-sessions -d 'Print only the [sso-session] names, one a line (for completions and scripts)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand ls" -s v -l verbose -d 'Say what ssoenv reads and does, on stderr (never secrets)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand ls" -l no-color -d 'Never colour the output (also: the NO_COLOR environment variable)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand ls" -s h -l help -d 'Print help'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand ls" -s V -l version -d 'Print version'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand export" -l profile -d 'The profile, as the AWS CLI and aws-vault name it (same as the argument)' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand export" -s f -l format -d 'The output format' -r -f -a "sh\t'POSIX sh: `export NAME=\'value\'` (also right for bash, zsh, dash, ksh)'
bash\t'bash (the same code as `sh`)'
zsh\t'zsh (the same code as `sh`)'
fish\t'fish: `set -gx NAME \'value\'`'
powershell\t'PowerShell: `$env:NAME = \'value\'`'
dotenv\t'A dotenv file: `NAME="value"` (variables to remove are left out)'
json\t'A JSON object of the variables that are set'
credential-process\t'The AWS `credential_process` JSON'"
complete -c ssoenv -n "__fish_ssoenv_using_subcommand export" -l region -d 'The region to hand over (default: the profile\'s)' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand export" -l mfa-code -d 'The MFA code, for a role with `mfa_serial` (else asked on the terminal)' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand export" -l min-ttl -d 'Reuse cached credentials only with at least this many seconds left' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand export" -s d -l duration -d 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole\'s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile\'s permission set decides its own' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand export" -l no-login -d 'Never start a browser sign-in; fail if no token is usable'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand export" -s v -l verbose -d 'Say what ssoenv reads and does, on stderr (never secrets)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand export" -l no-color -d 'Never colour the output (also: the NO_COLOR environment variable)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand export" -s V -l version -d 'Print version'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand exec" -l profile -d 'The profile, as aws-vault and the AWS CLI name it (then every word after the options is the command)' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand exec" -l region -d 'The region to hand over (default: the profile\'s)' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand exec" -l mfa-code -d 'The MFA code, for a role with `mfa_serial` (else asked on the terminal)' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand exec" -l min-ttl -d 'Reuse cached credentials only with at least this many seconds left' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand exec" -s d -l duration -d 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole\'s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile\'s permission set decides its own' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand exec" -l no-login -d 'Never start a browser sign-in; fail if no token is usable'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand exec" -l server -d 'Serve the credentials to the command from a local endpoint that renews them (AWS_CONTAINER_CREDENTIALS_FULL_URI) instead of putting keys in its environment: for commands that run longer than the credentials last'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand exec" -s v -l verbose -d 'Say what ssoenv reads and does, on stderr (never secrets)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand exec" -l no-color -d 'Never colour the output (also: the NO_COLOR environment variable)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand exec" -s h -l help -d 'Print help'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand exec" -s V -l version -d 'Print version'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand credential-process" -l profile -d 'The profile, as the AWS CLI and aws-vault name it (same as the argument)' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand credential-process" -l region -d 'The region to hand over (default: the profile\'s)' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand credential-process" -l mfa-code -d 'The MFA code, for a role with `mfa_serial` (else asked on the terminal)' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand credential-process" -l min-ttl -d 'Reuse cached credentials only with at least this many seconds left' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand credential-process" -s d -l duration -d 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole\'s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile\'s permission set decides its own' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand credential-process" -l no-login -d 'Never start a browser sign-in; fail if no token is usable'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand credential-process" -s v -l verbose -d 'Say what ssoenv reads and does, on stderr (never secrets)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand credential-process" -l no-color -d 'Never colour the output (also: the NO_COLOR environment variable)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand credential-process" -s h -l help -d 'Print help'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand credential-process" -s V -l version -d 'Print version'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand whoami" -l profile -d 'The profile, as the AWS CLI and aws-vault name it (same as the argument)' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand whoami" -l region -d 'The region to hand over (default: the profile\'s)' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand whoami" -l mfa-code -d 'The MFA code, for a role with `mfa_serial` (else asked on the terminal)' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand whoami" -l min-ttl -d 'Reuse cached credentials only with at least this many seconds left' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand whoami" -s d -l duration -d 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole\'s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile\'s permission set decides its own' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand whoami" -l json -d 'Print JSON (Account, Arn, UserId)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand whoami" -l no-login -d 'Never start a browser sign-in; fail if no token is usable'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand whoami" -s v -l verbose -d 'Say what ssoenv reads and does, on stderr (never secrets)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand whoami" -l no-color -d 'Never colour the output (also: the NO_COLOR environment variable)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand whoami" -s h -l help -d 'Print help'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand whoami" -s V -l version -d 'Print version'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand login" -l profile -d 'The profile, as the AWS CLI names it (same as the argument)' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand login" -l sso-session -d 'Sign in to this [sso-session] instead of a profile\'s' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand login" -l device-code -l use-device-code -d 'Use the device-code flow (a code to confirm) instead of the browser redirect'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand login" -l no-browser -d 'Do not open a browser; only print the URL (for SSH sessions)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand login" -l force -d 'Sign in again even if the cached token is still valid'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand login" -s v -l verbose -d 'Say what ssoenv reads and does, on stderr (never secrets)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand login" -l no-color -d 'Never colour the output (also: the NO_COLOR environment variable)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand login" -s h -l help -d 'Print help'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand login" -s V -l version -d 'Print version'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand logout" -l profile -d 'The profile, as the AWS CLI names it (same as the argument)' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand logout" -l sso-session -d 'End this [sso-session]' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand logout" -l all -d 'End every SSO session in the config'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand logout" -s v -l verbose -d 'Say what ssoenv reads and does, on stderr (never secrets)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand logout" -l no-color -d 'Never colour the output (also: the NO_COLOR environment variable)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand logout" -s h -l help -d 'Print help'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand logout" -s V -l version -d 'Print version'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand status" -l json -d 'Print JSON for scripts'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand status" -s v -l verbose -d 'Say what ssoenv reads and does, on stderr (never secrets)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand status" -l no-color -d 'Never colour the output (also: the NO_COLOR environment variable)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand status" -s h -l help -d 'Print help'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand status" -s V -l version -d 'Print version'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand init" -l no-prompt -d 'Leave the prompt alone; define `ssoenv_prompt`, which prints the segment, instead'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand init" -s v -l verbose -d 'Say what ssoenv reads and does, on stderr (never secrets)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand init" -l no-color -d 'Never colour the output (also: the NO_COLOR environment variable)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand init" -s V -l version -d 'Print version'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand use" -l profile -d 'The profile, as the AWS CLI and aws-vault name it (same as the argument)' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand use" -l region -d 'The region to hand over (default: the profile\'s)' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand use" -l mfa-code -d 'The MFA code, for a role with `mfa_serial` (else asked on the terminal)' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand use" -l min-ttl -d 'Reuse cached credentials only with at least this many seconds left' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand use" -s d -l duration -d 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole\'s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile\'s permission set decides its own' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand use" -l shell -d 'Print the code for this shell instead of needing the hook (the hook runs this)' -r -f -a "bash\t''
zsh\t''
fish\t''"
complete -c ssoenv -n "__fish_ssoenv_using_subcommand use" -l no-login -d 'Never start a browser sign-in; fail if no token is usable'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand use" -s v -l verbose -d 'Say what ssoenv reads and does, on stderr (never secrets)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand use" -l no-color -d 'Never colour the output (also: the NO_COLOR environment variable)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand use" -s h -l help -d 'Print help'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand use" -s V -l version -d 'Print version'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand unuse" -l shell -d 'Print the code for this shell instead of needing the hook (the hook runs this)' -r -f -a "bash\t''
zsh\t''
fish\t''"
complete -c ssoenv -n "__fish_ssoenv_using_subcommand unuse" -s v -l verbose -d 'Say what ssoenv reads and does, on stderr (never secrets)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand unuse" -l no-color -d 'Never colour the output (also: the NO_COLOR environment variable)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand unuse" -s h -l help -d 'Print help'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand unuse" -s V -l version -d 'Print version'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand configure" -l sso-session -d 'The [sso-session] name to create or reuse' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand configure" -l start-url -d 'The portal\'s start URL (https://…/start)' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand configure" -l sso-region -d 'The region of IAM Identity Center' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand configure" -l scopes -d 'The registration scopes, comma separated' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand configure" -l account -d 'The account: its id, or its exact name' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand configure" -l role -d 'The role (permission set) name' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand configure" -l region -d 'The profile\'s default region' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand configure" -l output -d 'The profile\'s output format (json, yaml, yaml-stream, text, table)' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand configure" -l profile -d 'The profile\'s name (default: <account-name>.<role>)' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand configure" -l device-code -l use-device-code -d 'Use the device-code flow to sign in'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand configure" -l no-browser -d 'Do not open a browser; only print the sign-in URL'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand configure" -l force -d 'Change an existing sso-session\'s start URL or SSO region without asking (every profile of that session follows it)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand configure" -s v -l verbose -d 'Say what ssoenv reads and does, on stderr (never secrets)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand configure" -l no-color -d 'Never colour the output (also: the NO_COLOR environment variable)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand configure" -s h -l help -d 'Print help'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand configure" -s V -l version -d 'Print version'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand populate" -l sso-session -d 'The [sso-session] whose accounts and roles to write' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand populate" -l template -d 'The profile name pattern: {account_name}, {account_id}, {role_name}, {sso_session}' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand populate" -l region -d 'The region to set in every profile' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand populate" -l prune -d 'Remove the profiles of accounts and roles that are no longer reachable'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand populate" -l dry-run -d 'Print the changes as a diff and write nothing'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand populate" -l no-login -d 'Never start a browser sign-in; fail if no token is usable'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand populate" -s v -l verbose -d 'Say what ssoenv reads and does, on stderr (never secrets)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand populate" -l no-color -d 'Never colour the output (also: the NO_COLOR environment variable)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand populate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand populate" -s V -l version -d 'Print version'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand console" -l profile -d 'The profile, as the AWS CLI and aws-vault name it (same as the argument)' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand console" -l service -d 'Open this service\'s console (e.g. s3, ec2, cloudwatch)' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand console" -l destination -d 'Open this console URL' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand console" -l region -d 'The region to hand over (default: the profile\'s)' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand console" -l mfa-code -d 'The MFA code, for a role with `mfa_serial` (else asked on the terminal)' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand console" -l min-ttl -d 'Reuse cached credentials only with at least this many seconds left' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand console" -s d -l duration -d 'How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault takes it). For an assume-role profile, AssumeRole\'s DurationSeconds; for `console`, the console session (15 minutes to 12 hours). An SSO profile\'s permission set decides its own' -r
complete -c ssoenv -n "__fish_ssoenv_using_subcommand console" -l print -d 'Print the sign-in URL instead of opening it'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand console" -l no-login -d 'Never start a browser sign-in; fail if no token is usable'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand console" -s v -l verbose -d 'Say what ssoenv reads and does, on stderr (never secrets)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand console" -l no-color -d 'Never colour the output (also: the NO_COLOR environment variable)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand console" -s h -l help -d 'Print help'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand console" -s V -l version -d 'Print version'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand completions" -s v -l verbose -d 'Say what ssoenv reads and does, on stderr (never secrets)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand completions" -l no-color -d 'Never colour the output (also: the NO_COLOR environment variable)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand completions" -s h -l help -d 'Print help'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand completions" -s V -l version -d 'Print version'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand man" -s v -l verbose -d 'Say what ssoenv reads and does, on stderr (never secrets)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand man" -l no-color -d 'Never colour the output (also: the NO_COLOR environment variable)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand man" -s h -l help -d 'Print help'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand man" -s V -l version -d 'Print version'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand help; and not __fish_seen_subcommand_from list export exec credential-process whoami login logout status init use unuse configure populate console completions man help" -f -a "list" -d 'List the profiles in ~/.aws/config and ~/.aws/credentials'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand help; and not __fish_seen_subcommand_from list export exec credential-process whoami login logout status init use unuse configure populate console completions man help" -f -a "export" -d 'Print shell code that loads a profile\'s credentials: eval "$(ssoenv export dev)"'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand help; and not __fish_seen_subcommand_from list export exec credential-process whoami login logout status init use unuse configure populate console completions man help" -f -a "exec" -d 'Run a command (default: $SHELL) with a profile\'s credentials in its environment'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand help; and not __fish_seen_subcommand_from list export exec credential-process whoami login logout status init use unuse configure populate console completions man help" -f -a "credential-process" -d 'Print a profile\'s credentials as `credential_process` JSON (for `credential_process = ssoenv credential-process dev` in ~/.aws/config)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand help; and not __fish_seen_subcommand_from list export exec credential-process whoami login logout status init use unuse configure populate console completions man help" -f -a "whoami" -d 'Show who a profile\'s credentials belong to (STS GetCallerIdentity)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand help; and not __fish_seen_subcommand_from list export exec credential-process whoami login logout status init use unuse configure populate console completions man help" -f -a "login" -d 'Sign in to IAM Identity Center (the AWS CLI shares the token)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand help; and not __fish_seen_subcommand_from list export exec credential-process whoami login logout status init use unuse configure populate console completions man help" -f -a "logout" -d 'Sign out: end the portal session, delete the token and the role credentials cached from it'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand help; and not __fish_seen_subcommand_from list export exec credential-process whoami login logout status init use unuse configure populate console completions man help" -f -a "status" -d 'Show each SSO session\'s token and each cached role credential, with expiries'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand help; and not __fish_seen_subcommand_from list export exec credential-process whoami login logout status init use unuse configure populate console completions man help" -f -a "init" -d 'Print the shell hook: eval "$(ssoenv init bash)" in ~/.bashrc, likewise for zsh, or `ssoenv init fish | source` in config.fish'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand help; and not __fish_seen_subcommand_from list export exec credential-process whoami login logout status init use unuse configure populate console completions man help" -f -a "use" -d 'Load a profile\'s credentials into the current shell (needs the hook from `ssoenv init`)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand help; and not __fish_seen_subcommand_from list export exec credential-process whoami login logout status init use unuse configure populate console completions man help" -f -a "unuse" -d 'Remove from the current shell everything `ssoenv use` set (needs the hook from `ssoenv init`)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand help; and not __fish_seen_subcommand_from list export exec credential-process whoami login logout status init use unuse configure populate console completions man help" -f -a "configure" -d 'Set up an sso-session and a profile, interactively or from flags (like `aws configure sso`): sign in, pick the account and role, write ~/.aws/config'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand help; and not __fish_seen_subcommand_from list export exec credential-process whoami login logout status init use unuse configure populate console completions man help" -f -a "populate" -d 'Write a profile for every account and role an sso-session can reach, into a block of ~/.aws/config that ssoenv owns'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand help; and not __fish_seen_subcommand_from list export exec credential-process whoami login logout status init use unuse configure populate console completions man help" -f -a "console" -d 'Open the AWS console in the browser, signed in as a profile'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand help; and not __fish_seen_subcommand_from list export exec credential-process whoami login logout status init use unuse configure populate console completions man help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand help; and not __fish_seen_subcommand_from list export exec credential-process whoami login logout status init use unuse configure populate console completions man help" -f -a "man" -d 'Print the manual page (roff), e.g. `ssoenv man | man -l -`'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand help; and not __fish_seen_subcommand_from list export exec credential-process whoami login logout status init use unuse configure populate console completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'

# Dynamic completion, added by ssoenv to clap's script above: profile and
# sso-session names come from the config as it is at Tab time, and the command
# after `exec ... --` is completed as a command.

# Walks the tokens before the cursor along the subcommands $argv[1] (names
# separated by spaces, aliases by commas). $argv[2] is 1 if a command follows
# `--`; the rest are the options that take a value. Prints `value`, the option,
# when the cursor is on an option's value; `rest` and the tokens after `--`;
# or `pos` and the number of the positional the cursor is on. Fails when the
# command line is not in those subcommands.
function __fish_ssoenv_dyn_walk
    set -l path (string split ' ' -- $argv[1])
    set -l rest $argv[2]
    set -l vopts $argv[3..-1]
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l n 0
    set -l pend
    set -l dd 0
    set -l i 0
    for t in $tokens
        set i (math $i + 1)
        if test -n "$pend"
            set pend
            continue
        end
        if test $dd = 1
            set n (math $n + 1)
            continue
        end
        switch $t
            case --
                set dd 1
                if test $rest = 1
                    set -q path[1]
                    and return 1
                    set -l after $tokens
                    set -e after[1..$i]
                    printf '%s\n' rest $after
                    return 0
                end
            case '--*=*'
            case '--*'
                if contains -- $t $vopts
                    set pend $t
                end
            case '-?*'
                # Short options: the first that takes a value takes the rest of
                # the token, or the next token.
                set -l chars (string split '' -- (string sub -s 2 -- $t))
                for j in (seq (count $chars))
                    if contains -- -$chars[$j] $vopts
                        if test $j = (count $chars)
                            set pend -$chars[$j]
                        end
                        break
                    end
                end
            case '*'
                if test $n = 0; and set -q path[1]
                    contains -- $t (string split , -- $path[1])
                    or return 1
                    set -e path[1]
                else
                    set n (math $n + 1)
                end
        end
    end
    set -q path[1]
    and return 1
    if test -n "$pend"
        printf '%s\n' value $pend
    else
        printf '%s\n' pos (math $n + 1)
    end
end

# Whether the command line is in the subcommands (arguments as for the walk).
function __fish_ssoenv_dyn_in
    __fish_ssoenv_dyn_walk $argv >/dev/null
end

# Whether the cursor is on positional $argv[1] (then as for the walk).
function __fish_ssoenv_dyn_positional
    set -l w (__fish_ssoenv_dyn_walk $argv[2..-1])
    or return 1
    test "$w[1]" = pos
    and test "$w[2]" = $argv[1]
end

# Whether the cursor is in the command after `--` (arguments as for the walk).
function __fish_ssoenv_dyn_after_dashdash
    set -l w (__fish_ssoenv_dyn_walk $argv)
    and test "$w[1]" = rest
end

# Completes the command after `--` as if it stood alone.
function __fish_ssoenv_dyn_rest
    set -l w (__fish_ssoenv_dyn_walk $argv)
    or return
    set -e w[1]
    __fish_complete_subcommand --commandline $w (commandline -ct)
end

complete -c ssoenv -n "__fish_ssoenv_dyn_positional 1 'export' 0 --profile --format -f --region --mfa-code --min-ttl --duration -d" -f -a '(command ssoenv list --names 2>/dev/null)'
complete -c ssoenv -n "__fish_ssoenv_dyn_in 'export' 0 --profile --format -f --region --mfa-code --min-ttl --duration -d" -l profile -r -f -a '(command ssoenv list --names 2>/dev/null)'
complete -c ssoenv -n "__fish_ssoenv_dyn_positional 1 'exec' 1 --profile --region --mfa-code --min-ttl --duration -d" -f -a '(command ssoenv list --names 2>/dev/null)'
complete -c ssoenv -n "__fish_ssoenv_dyn_in 'exec' 1 --profile --region --mfa-code --min-ttl --duration -d" -l profile -r -f -a '(command ssoenv list --names 2>/dev/null)'
complete -c ssoenv -n "__fish_ssoenv_dyn_after_dashdash 'exec' 1 --profile --region --mfa-code --min-ttl --duration -d" -f -a "(__fish_ssoenv_dyn_rest 'exec' 1 --profile --region --mfa-code --min-ttl --duration -d)"
complete -c ssoenv -n "__fish_ssoenv_dyn_positional 1 'credential-process' 0 --profile --region --mfa-code --min-ttl --duration -d" -f -a '(command ssoenv list --names 2>/dev/null)'
complete -c ssoenv -n "__fish_ssoenv_dyn_in 'credential-process' 0 --profile --region --mfa-code --min-ttl --duration -d" -l profile -r -f -a '(command ssoenv list --names 2>/dev/null)'
complete -c ssoenv -n "__fish_ssoenv_dyn_positional 1 'whoami' 0 --profile --region --mfa-code --min-ttl --duration -d" -f -a '(command ssoenv list --names 2>/dev/null)'
complete -c ssoenv -n "__fish_ssoenv_dyn_in 'whoami' 0 --profile --region --mfa-code --min-ttl --duration -d" -l profile -r -f -a '(command ssoenv list --names 2>/dev/null)'
complete -c ssoenv -n "__fish_ssoenv_dyn_positional 1 'login' 0 --profile --sso-session" -f -a '(command ssoenv list --names 2>/dev/null)'
complete -c ssoenv -n "__fish_ssoenv_dyn_in 'login' 0 --profile --sso-session" -l profile -r -f -a '(command ssoenv list --names 2>/dev/null)'
complete -c ssoenv -n "__fish_ssoenv_dyn_in 'login' 0 --profile --sso-session" -l sso-session -r -f -a '(command ssoenv list --sso-sessions 2>/dev/null)'
complete -c ssoenv -n "__fish_ssoenv_dyn_positional 1 'logout' 0 --profile --sso-session" -f -a '(command ssoenv list --names 2>/dev/null)'
complete -c ssoenv -n "__fish_ssoenv_dyn_in 'logout' 0 --profile --sso-session" -l profile -r -f -a '(command ssoenv list --names 2>/dev/null)'
complete -c ssoenv -n "__fish_ssoenv_dyn_in 'logout' 0 --profile --sso-session" -l sso-session -r -f -a '(command ssoenv list --sso-sessions 2>/dev/null)'
complete -c ssoenv -n "__fish_ssoenv_dyn_positional 1 'use' 0 --profile --region --mfa-code --min-ttl --duration -d --shell" -f -a '(command ssoenv list --names 2>/dev/null)'
complete -c ssoenv -n "__fish_ssoenv_dyn_in 'use' 0 --profile --region --mfa-code --min-ttl --duration -d --shell" -l profile -r -f -a '(command ssoenv list --names 2>/dev/null)'
complete -c ssoenv -n "__fish_ssoenv_dyn_in 'configure' 0 --sso-session --start-url --sso-region --scopes --account --role --region --output --profile" -l sso-session -r -f -a '(command ssoenv list --sso-sessions 2>/dev/null)'
complete -c ssoenv -n "__fish_ssoenv_dyn_in 'configure' 0 --sso-session --start-url --sso-region --scopes --account --role --region --output --profile" -l profile -r -f -a '(command ssoenv list --names 2>/dev/null)'
complete -c ssoenv -n "__fish_ssoenv_dyn_in 'populate' 0 --sso-session --template --region" -l sso-session -r -f -a '(command ssoenv list --sso-sessions 2>/dev/null)'
complete -c ssoenv -n "__fish_ssoenv_dyn_positional 1 'console' 0 --profile --service --destination --region --mfa-code --min-ttl --duration -d" -f -a '(command ssoenv list --names 2>/dev/null)'
complete -c ssoenv -n "__fish_ssoenv_dyn_in 'console' 0 --profile --service --destination --region --mfa-code --min-ttl --duration -d" -l profile -r -f -a '(command ssoenv list --names 2>/dev/null)'
