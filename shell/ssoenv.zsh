# ssoenv's hook for zsh, printed by `ssoenv init zsh`: add
#   eval "$(ssoenv init zsh)"
# to ~/.zshrc (after compinit, for completion). It shows the active profile and
# the time its credentials have left in the prompt (aws:dev 42m), renews them
# shortly before they expire, makes `ssoenv use PROFILE` / `ssoenv unuse` change
# this shell, and enables completion. An ordinary prompt runs no process.

# Filled in by `ssoenv init`: the binary, and whether to change the prompt.
typeset -g _ssoenv_bin=@SSOENV_BIN@
typeset -g _ssoenv_show=@SSOENV_PROMPT@

# When to retry a renewal that failed, and whether the SSO session was gone then.
typeset -g _ssoenv_retry_at=0 _ssoenv_pause=60 _ssoenv_signed_out=""
# The profile this shell's own `ssoenv use` loaded (one inherited from an
# outer shell or `ssoenv exec` is not: a `use` over that one nests).
typeset -g _ssoenv_used=""
# The segment now in front of PROMPT, to take it off again.
typeset -g _ssoenv_last_segment=${_ssoenv_last_segment-}

zmodload -F zsh/datetime p:EPOCHSECONDS 2>/dev/null

# The wrapper: `use` and `unuse` evaluate what the binary prints; the rest
# goes to the binary unchanged.
ssoenv() {
  local _ssoenv_code
  case "${1-}" in
    use | unuse)
      _ssoenv_code="$(SSOENV_USED_HERE="$_ssoenv_used" "$_ssoenv_bin" "$@" --shell zsh)" || return
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

# Sets _ssoenv_left to the seconds the credentials have left, or "" when
# there is no (valid) expiry.
_ssoenv_time_left() {
  typeset -g _ssoenv_left=""
  [[ ${SSOENV_EXPIRES-} == <-> ]] || return 0
  _ssoenv_left=$((SSOENV_EXPIRES - EPOCHSECONDS))
}

# Renews the credentials when they are about to expire and the SSO token can
# still be used: never a browser (--no-login), never a question (stdin is
# /dev/null), short network time limits. Runs at most once a minute, and less
# often while it fails.
_ssoenv_renew() {
  local within=${SSOENV_REFRESH_WITHIN-600} code
  [[ $within == <-> ]] || within=600
  [[ -n ${SSOENV_PROFILE-} && -n $_ssoenv_left ]] || return 0
  (( within > 0 && _ssoenv_left < within && EPOCHSECONDS >= _ssoenv_retry_at )) || return 0
  _ssoenv_retry_at=$((EPOCHSECONDS + _ssoenv_pause))
  if code="$(SSOENV_CONNECT_TIMEOUT=${SSOENV_CONNECT_TIMEOUT-3} \
    SSOENV_READ_TIMEOUT=${SSOENV_READ_TIMEOUT-5} SSOENV_LOCK_WAIT=0 \
    "$_ssoenv_bin" use "$SSOENV_PROFILE" --no-login --min-ttl $((within + 60)) \
    --shell zsh </dev/null 2>/dev/null)"; then
    eval "$code"
    _ssoenv_signed_out="" _ssoenv_pause=60 _ssoenv_retry_at=$((EPOCHSECONDS + 60))
    _ssoenv_time_left
  elif (( $? == 77 )); then
    _ssoenv_signed_out=1
  elif (( _ssoenv_pause < 480 )); then
    # A failing or silent endpoint: the next tries wait 2, 4, then 8 minutes,
    # so a broken network slows a prompt rarely.
    _ssoenv_pause=$((_ssoenv_pause * 2))
    _ssoenv_retry_at=$((EPOCHSECONDS + _ssoenv_pause))
  fi
}

# Sets _ssoenv_text (the segment, plain) and _ssoenv_color (a prompt colour).
_ssoenv_segment() {
  typeset -g _ssoenv_text="" _ssoenv_color=""
  [[ -n ${SSOENV_PROFILE-} ]] || return 0
  # The name is shown, never interpreted: anything unusual becomes "?".
  local name=${SSOENV_PROFILE//[^A-Za-z0-9._@+=,:\/-]/?} color=cyan
  if [[ -z $_ssoenv_left ]]; then
    _ssoenv_text="aws:$name"
  elif (( _ssoenv_left <= 0 )); then
    _ssoenv_text="aws:$name expired"
    color=red
  else
    # Whole minutes, rounded up: 42m, then 1h05m from an hour on.
    local minutes=$(((_ssoenv_left + 59) / 60))
    if (( minutes < 60 )); then
      _ssoenv_text="aws:$name ${minutes}m"
    else
      _ssoenv_text="aws:$name $((minutes / 60))h${(l:2::0:)$((minutes % 60))}m"
    fi
    (( _ssoenv_left >= 600 )) || color=yellow
  fi
  [[ -z $_ssoenv_signed_out ]] || _ssoenv_text="$_ssoenv_text (ssoenv login)"
  [[ -n ${NO_COLOR-} ]] || _ssoenv_color=$color
}

# For people who build their own prompt (ssoenv init zsh --no-prompt):
# prints the segment, e.g. with setopt prompt_subst: PROMPT='$(ssoenv_prompt)'$PROMPT.
ssoenv_prompt() {
  _ssoenv_time_left
  _ssoenv_segment
  [[ -z $_ssoenv_text ]] || print -rn -- "$_ssoenv_text "
}

_ssoenv_precmd() {
  local rc=$?
  _ssoenv_time_left
  _ssoenv_renew
  if [[ $_ssoenv_show == 1 ]]; then
    _ssoenv_segment
    local segment=""
    if [[ -n $_ssoenv_text ]]; then
      # The text holds no % or $ (see _ssoenv_segment), so it is shown as is.
      if [[ -n $_ssoenv_color ]]; then
        segment="%B%F{$_ssoenv_color}$_ssoenv_text%f%b "
      else
        segment="$_ssoenv_text "
      fi
    fi
    # Take off the segment put there at the last prompt, if it is still there
    # (a theme may have rebuilt PROMPT), and put the new one in front.
    if [[ -n $_ssoenv_last_segment && $PROMPT == "$_ssoenv_last_segment"* ]]; then
      PROMPT=${PROMPT#"$_ssoenv_last_segment"}
    fi
    PROMPT="$segment$PROMPT"
    _ssoenv_last_segment=$segment
  fi
  return $rc
}

# precmd_functions is the array add-zsh-hook edits; editing it here saves a
# new shell loading add-zsh-hook from fpath (a tenth of a millisecond). The
# hook is added once, however often this is loaded.
typeset -ga precmd_functions
(( ${precmd_functions[(Ie)_ssoenv_precmd]} )) || precmd_functions+=(_ssoenv_precmd)

# Completion: the script of `ssoenv completions zsh`, read at the first Tab
# after `ssoenv` (one run of the binary then) rather than by every new shell.
# It defines the real _ssoenv in place of this one, which then answers this
# Tab. Bound now if compinit has run, else at the first prompt after it has.
_ssoenv() {
  local script
  script="$("$_ssoenv_bin" completions zsh 2>/dev/null)" || return 1
  eval "$script"
  _ssoenv "$@"
}
_ssoenv_bind_completion() {
  (( $+functions[compdef] )) || return 0
  compdef _ssoenv ssoenv
  precmd_functions=(${precmd_functions:#_ssoenv_bind_completion})
}
if (( $+functions[compdef] )); then
  compdef _ssoenv ssoenv
elif (( ! ${precmd_functions[(Ie)_ssoenv_bind_completion]} )); then
  precmd_functions+=(_ssoenv_bind_completion)
fi
