
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
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand man 'Print the manual page (roff), e.g. `ssoenv man | man -l -`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ssoenv;list'= {
            cand --json 'Print a JSON array with every setting of every profile (secrets redacted)'
            cand --names 'Print only the profile names, one a line (for completions and scripts)'
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
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand man 'Print the manual page (roff), e.g. `ssoenv man | man -l -`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ssoenv;help;list'= {
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
