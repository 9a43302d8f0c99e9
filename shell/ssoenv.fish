# ssoenv's hook for fish, printed by `ssoenv init fish`: add
#   ssoenv init fish | source
# to ~/.config/fish/config.fish. It shows the active profile and the time its
# credentials have left in the prompt (aws:dev 42m), renews them shortly before
# they expire, makes `ssoenv use PROFILE` / `ssoenv unuse` change this shell,
# and enables completion. A prompt runs one process (date) only while the shell
# holds ssoenv credentials, and none otherwise.

# Filled in by `ssoenv init`: the binary, and whether to change the prompt.
set -g _ssoenv_bin @SSOENV_BIN@
set -g _ssoenv_show @SSOENV_PROMPT@

# When to retry a renewal that failed, and whether the SSO session was gone then.
set -g _ssoenv_retry_at 0
set -g _ssoenv_pause 60
set -g _ssoenv_signed_out ""
set -g _ssoenv_left ""
# The profile this shell's own `ssoenv use` loaded (one inherited from an
# outer shell or `ssoenv exec` is not: a `use` over that one nests).
set -g _ssoenv_used ""

# The wrapper: `use` and `unuse` evaluate what the binary prints; the rest
# goes to the binary unchanged.
function ssoenv --description "ssoenv; `use` and `unuse` change this shell"
    switch "$argv[1]"
        case use unuse
            set -l code (SSOENV_USED_HERE=$_ssoenv_used $_ssoenv_bin $argv --shell fish)
            or return
            string join \n -- $code | source
            set -g _ssoenv_used "$SSOENV_PROFILE"
            set -g _ssoenv_retry_at 0
            set -g _ssoenv_pause 60
            set -g _ssoenv_signed_out ""
            _ssoenv_on_prompt
        case login logout
            $_ssoenv_bin $argv; or return
            set -g _ssoenv_retry_at 0
            set -g _ssoenv_pause 60
            set -g _ssoenv_signed_out ""
        case '*'
            $_ssoenv_bin $argv
    end
end

# Before each prompt: the time left, and a renewal when it is short.
function _ssoenv_on_prompt --on-event fish_prompt
    set -g _ssoenv_left ""
    set -q SSOENV_PROFILE; or return 0
    string match -qr '^[0-9]+$' -- "$SSOENV_EXPIRES"; or return 0
    set -l now (date +%s)
    set -g _ssoenv_left (math "$SSOENV_EXPIRES - $now")
    _ssoenv_renew $now
end

# Renews the credentials when they are about to expire and the SSO token can
# still be used: never a browser (--no-login), never a question (stdin is
# /dev/null), short network time limits. Runs at most once a minute, and less
# often while it fails.
function _ssoenv_renew --argument-names now
    set -l within 600
    if string match -qr '^[0-9]+$' -- "$SSOENV_REFRESH_WITHIN"
        set within $SSOENV_REFRESH_WITHIN
    end
    test $within -gt 0; and test $_ssoenv_left -lt $within; or return 0
    test $now -ge $_ssoenv_retry_at; or return 0
    set -g _ssoenv_retry_at (math $now + $_ssoenv_pause)
    set -l connect 3
    set -q SSOENV_CONNECT_TIMEOUT; and set connect $SSOENV_CONNECT_TIMEOUT
    set -l read 5
    set -q SSOENV_READ_TIMEOUT; and set read $SSOENV_READ_TIMEOUT
    set -l code (SSOENV_CONNECT_TIMEOUT=$connect SSOENV_READ_TIMEOUT=$read SSOENV_LOCK_WAIT=0 \
        $_ssoenv_bin use $SSOENV_PROFILE --no-login --min-ttl (math $within + 60) \
        --shell fish </dev/null 2>/dev/null)
    switch $status
        case 0
            string join \n -- $code | source
            set -g _ssoenv_signed_out ""
            set -g _ssoenv_pause 60
            set -g _ssoenv_retry_at (math $now + 60)
            set -g _ssoenv_left (math "$SSOENV_EXPIRES - $now")
        case 77
            set -g _ssoenv_signed_out 1
        case '*'
            # A failing or silent endpoint: the next tries wait 2, 4, then 8
            # minutes, so a broken network slows a prompt rarely.
            if test $_ssoenv_pause -lt 480
                set -g _ssoenv_pause (math $_ssoenv_pause \* 2)
                set -g _ssoenv_retry_at (math $now + $_ssoenv_pause)
            end
    end
end

# Prints the segment; with --color, in its colour.
function _ssoenv_segment
    set -q SSOENV_PROFILE; or return 0
    # The name is shown, never interpreted: anything unusual becomes "?".
    set -l name (string replace -ra '[^A-Za-z0-9._@+=,:/-]' '?' -- "$SSOENV_PROFILE")
    set -l color cyan
    set -l text "aws:$name"
    if test -n "$_ssoenv_left"
        if test $_ssoenv_left -le 0
            set text "$text expired"
            set color --bold red
        else
            # Whole minutes, rounded up: 42m, then 1h05m from an hour on.
            set -l minutes (math "floor(($_ssoenv_left + 59) / 60)")
            if test $minutes -lt 60
                set text "$text "$minutes"m"
            else
                set text "$text "(math "floor($minutes / 60)")h(string pad -w 2 -c 0 (math "$minutes % 60"))m
            end
            test $_ssoenv_left -ge 600; or set color yellow
        end
    end
    test -z "$_ssoenv_signed_out"; or set text "$text (ssoenv login)"
    if test "$argv[1]" = --color; and test -z "$NO_COLOR"
        set_color $color
        printf '%s' $text
        set_color normal
        printf ' '
    else
        printf '%s ' $text
    end
end

# For people who build their own prompt (ssoenv init fish --no-prompt):
# prints the segment, e.g. in fish_prompt or fish_right_prompt.
function ssoenv_prompt
    _ssoenv_segment
end

function _ssoenv_return --argument-names code
    return $code
end

# Put the segment in front of the existing prompt, once however often this is loaded.
if test "$_ssoenv_show" = 1; and not functions -q _ssoenv_user_prompt
    if functions -q fish_prompt
        functions -c fish_prompt _ssoenv_user_prompt
    else
        function _ssoenv_user_prompt
            printf '> '
        end
    end
    function fish_prompt
        set -l last $status
        _ssoenv_segment --color
        _ssoenv_return $last
        _ssoenv_user_prompt
    end
end

# Completion: the script of `ssoenv completions fish`, read at the first Tab
# after `ssoenv` (one run of the binary then) rather than by every new shell.
# It replaces this completion for ssoenv, which then answers this Tab with it.
function _ssoenv_load_completion
    complete -c ssoenv -e
    $_ssoenv_bin completions fish 2>/dev/null | source
    complete -C (commandline -cp)
end
complete -c ssoenv -f -a '(_ssoenv_load_completion)'
