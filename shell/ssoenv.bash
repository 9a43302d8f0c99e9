# ssoenv's hook for bash, printed by `ssoenv init bash`: add
#   eval "$(ssoenv init bash)"
# to ~/.bashrc. It shows the active profile and the time its credentials have
# left in the prompt (aws:dev 42m), renews them shortly before they expire,
# makes `ssoenv use PROFILE` / `ssoenv unuse` change this shell, and enables
# completion. An ordinary prompt runs no process: only builtins and $EPOCHSECONDS.

# Filled in by `ssoenv init`: the binary, and whether to change the prompt.
_ssoenv_bin=@SSOENV_BIN@
_ssoenv_show=@SSOENV_PROMPT@

# When to retry a renewal that failed, and whether the SSO session was gone then.
_ssoenv_retry_at=0
_ssoenv_pause=60
_ssoenv_signed_out=""
# The profile this shell's own `ssoenv use` loaded (one inherited from an
# outer shell or `ssoenv exec` is not: a `use` over that one nests).
_ssoenv_used=""

# The wrapper: `use` and `unuse` evaluate what the binary prints; the rest
# goes to the binary unchanged.
ssoenv() {
  local _ssoenv_code
  case "${1-}" in
    use | unuse)
      _ssoenv_code="$(SSOENV_USED_HERE="$_ssoenv_used" "$_ssoenv_bin" "$@" --shell bash)" || return
      eval "$_ssoenv_code"
      _ssoenv_used="${SSOENV_PROFILE-}"
      _ssoenv_retry_at=0 _ssoenv_pause=60
      _ssoenv_signed_out=""
      ;;
    login | logout)
      "$_ssoenv_bin" "$@" || return
      _ssoenv_retry_at=0 _ssoenv_pause=60
      _ssoenv_signed_out=""
      ;;
    *) "$_ssoenv_bin" "$@" ;;
  esac
}

# Sets _ssoenv_now to the current Unix time without starting a process.
_ssoenv_clock() {
  if [ -n "${EPOCHSECONDS-}" ]; then
    _ssoenv_now=$EPOCHSECONDS
  else
    printf -v _ssoenv_now '%(%s)T' -1
  fi
}

# Sets _ssoenv_left to the seconds the credentials have left, or "" when
# there is no (valid) expiry.
_ssoenv_time_left() {
  _ssoenv_left=""
  case "${SSOENV_EXPIRES-}" in
    "" | *[!0-9]*) return 0 ;;
  esac
  _ssoenv_left=$((SSOENV_EXPIRES - _ssoenv_now))
}

# Renews the credentials when they are about to expire and the SSO token can
# still be used: never a browser (--no-login), never a question (stdin is
# /dev/null), never a wait for another ssoenv (SSOENV_LOCK_WAIT=0), short
# network time limits. Runs at most once a minute, and less
# often while it fails.
_ssoenv_renew() {
  local within="${SSOENV_REFRESH_WITHIN-600}" code
  case "$within" in
    "" | *[!0-9]*) within=600 ;;
  esac
  [ -n "${SSOENV_PROFILE-}" ] && [ -n "$_ssoenv_left" ] || return 0
  [ "$within" -gt 0 ] && [ "$_ssoenv_left" -lt "$within" ] || return 0
  [ "$_ssoenv_now" -ge "$_ssoenv_retry_at" ] || return 0
  _ssoenv_retry_at=$((_ssoenv_now + _ssoenv_pause))
  if code="$(SSOENV_CONNECT_TIMEOUT="${SSOENV_CONNECT_TIMEOUT-3}" \
    SSOENV_READ_TIMEOUT="${SSOENV_READ_TIMEOUT-5}" SSOENV_LOCK_WAIT=0 \
    "$_ssoenv_bin" use "$SSOENV_PROFILE" --no-login --min-ttl $((within + 60)) \
    --shell bash </dev/null 2>/dev/null)"; then
    eval "$code"
    _ssoenv_signed_out="" _ssoenv_pause=60 _ssoenv_retry_at=$((_ssoenv_now + 60))
    _ssoenv_clock
    _ssoenv_time_left
  elif [ $? -eq 77 ]; then
    _ssoenv_signed_out=1
  elif [ "$_ssoenv_pause" -lt 480 ]; then
    # A failing or silent endpoint: the next tries wait 2, 4, then 8 minutes,
    # so a broken network slows a prompt rarely.
    _ssoenv_pause=$((_ssoenv_pause * 2))
    _ssoenv_retry_at=$((_ssoenv_now + _ssoenv_pause))
  fi
}

# Sets _ssoenv_text (the segment, plain) and _ssoenv_color (its colour code).
_ssoenv_segment() {
  _ssoenv_text=""
  _ssoenv_color=""
  [ -n "${SSOENV_PROFILE-}" ] || return 0
  # The name is shown, never interpreted: anything unusual becomes "?".
  local name="${SSOENV_PROFILE//[!A-Za-z0-9._@+=,:\/-]/?}" color=$'\e[36m'
  if [ -z "$_ssoenv_left" ]; then
    _ssoenv_text="aws:$name"
  elif [ "$_ssoenv_left" -le 0 ]; then
    _ssoenv_text="aws:$name expired"
    color=$'\e[1;31m'
  else
    # Whole minutes, rounded up: 42m, then 1h05m from an hour on.
    local minutes=$(((_ssoenv_left + 59) / 60))
    if [ "$minutes" -lt 60 ]; then
      _ssoenv_text="aws:$name ${minutes}m"
    else
      printf -v _ssoenv_text 'aws:%s %dh%02dm' "$name" $((minutes / 60)) $((minutes % 60))
    fi
    [ "$_ssoenv_left" -ge 600 ] || color=$'\e[33m'
  fi
  [ -z "$_ssoenv_signed_out" ] || _ssoenv_text="$_ssoenv_text (ssoenv login)"
  [ -n "${NO_COLOR-}" ] || _ssoenv_color=$color
}

# For people who build their own prompt (ssoenv init bash --no-prompt):
# prints the segment, e.g. PS1='$(ssoenv_prompt)'"$PS1".
ssoenv_prompt() {
  _ssoenv_clock
  _ssoenv_time_left
  _ssoenv_segment
  [ -z "$_ssoenv_text" ] || printf '%s ' "$_ssoenv_text"
}

# The segment as PS1 shows it: the variables are expanded at each prompt,
# and the \[ \] around the colours keep line editing right.
# shellcheck disable=SC2016
_ssoenv_ps1='\[${_ssoenv_color}\]${_ssoenv_text:+$_ssoenv_text }\[${_ssoenv_color:+\e[0m}\]'

_ssoenv_hook() {
  local status=$?
  _ssoenv_clock
  _ssoenv_time_left
  _ssoenv_renew
  if [ "$_ssoenv_show" = 1 ]; then
    _ssoenv_segment
    # Prompts rebuilt by another hook (starship, git prompts) lose the
    # segment: put it back in front.
    case "$PS1" in
      *"$_ssoenv_ps1"*) ;;
      *) PS1="$_ssoenv_ps1$PS1" ;;
    esac
  fi
  return $status
}

# Register once, after any existing PROMPT_COMMAND, however often this is loaded.
case "${PROMPT_COMMAND[*]-}" in
  *_ssoenv_hook*) ;;
  *)
    if [ "${BASH_VERSINFO[0]}" -gt 5 ] || { [ "${BASH_VERSINFO[0]}" -eq 5 ] && [ "${BASH_VERSINFO[1]}" -ge 1 ]; }; then
      PROMPT_COMMAND+=(_ssoenv_hook)
    else
      # Before bash 5.1 PROMPT_COMMAND is one string: append a line to it.
      # shellcheck disable=SC2128,SC2178
      PROMPT_COMMAND="${PROMPT_COMMAND:+$PROMPT_COMMAND$'\n'}_ssoenv_hook"
    fi
    ;;
esac

# Completion: the script of `ssoenv completions bash`, read at the first Tab
# after `ssoenv` (one run of the binary then) rather than by every new shell.
# It replaces this completion for ssoenv; 124 makes bash start the completion
# again with it.
_ssoenv_load_completion() {
  local script
  script="$("$_ssoenv_bin" completions bash 2>/dev/null)" || return 0
  eval "$script"
  return 124
}
complete -F _ssoenv_load_completion -o bashdefault -o default ssoenv
