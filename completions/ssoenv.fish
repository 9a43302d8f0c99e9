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
complete -c ssoenv -n "__fish_ssoenv_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c ssoenv -n "__fish_ssoenv_needs_command" -f -a "man" -d 'Print the manual page (roff), e.g. `ssoenv man | man -l -`'
complete -c ssoenv -n "__fish_ssoenv_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand list" -l json -d 'Print a JSON array with every setting of every profile (secrets redacted)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand list" -l names -d 'Print only the profile names, one a line (for completions and scripts)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand list" -s v -l verbose -d 'Say what ssoenv reads and does, on stderr (never secrets)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand list" -l no-color -d 'Never colour the output (also: the NO_COLOR environment variable)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand list" -s h -l help -d 'Print help'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand list" -s V -l version -d 'Print version'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand ls" -l json -d 'Print a JSON array with every setting of every profile (secrets redacted)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand ls" -l names -d 'Print only the profile names, one a line (for completions and scripts)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand ls" -s v -l verbose -d 'Say what ssoenv reads and does, on stderr (never secrets)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand ls" -l no-color -d 'Never colour the output (also: the NO_COLOR environment variable)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand ls" -s h -l help -d 'Print help'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand ls" -s V -l version -d 'Print version'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand completions" -s v -l verbose -d 'Say what ssoenv reads and does, on stderr (never secrets)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand completions" -l no-color -d 'Never colour the output (also: the NO_COLOR environment variable)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand completions" -s h -l help -d 'Print help'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand completions" -s V -l version -d 'Print version'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand man" -s v -l verbose -d 'Say what ssoenv reads and does, on stderr (never secrets)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand man" -l no-color -d 'Never colour the output (also: the NO_COLOR environment variable)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand man" -s h -l help -d 'Print help'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand man" -s V -l version -d 'Print version'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand help; and not __fish_seen_subcommand_from list completions man help" -f -a "list" -d 'List the profiles in ~/.aws/config and ~/.aws/credentials'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand help; and not __fish_seen_subcommand_from list completions man help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand help; and not __fish_seen_subcommand_from list completions man help" -f -a "man" -d 'Print the manual page (roff), e.g. `ssoenv man | man -l -`'
complete -c ssoenv -n "__fish_ssoenv_using_subcommand help; and not __fish_seen_subcommand_from list completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
