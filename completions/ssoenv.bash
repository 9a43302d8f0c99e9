_ssoenv() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="ssoenv"
                ;;
            ssoenv,completions)
                cmd="ssoenv__subcmd__completions"
                ;;
            ssoenv,configure)
                cmd="ssoenv__subcmd__configure"
                ;;
            ssoenv,console)
                cmd="ssoenv__subcmd__console"
                ;;
            ssoenv,credential-process)
                cmd="ssoenv__subcmd__credential__subcmd__process"
                ;;
            ssoenv,exec)
                cmd="ssoenv__subcmd__exec"
                ;;
            ssoenv,export)
                cmd="ssoenv__subcmd__export"
                ;;
            ssoenv,help)
                cmd="ssoenv__subcmd__help"
                ;;
            ssoenv,init)
                cmd="ssoenv__subcmd__init"
                ;;
            ssoenv,list)
                cmd="ssoenv__subcmd__list"
                ;;
            ssoenv,login)
                cmd="ssoenv__subcmd__login"
                ;;
            ssoenv,logout)
                cmd="ssoenv__subcmd__logout"
                ;;
            ssoenv,ls)
                cmd="ssoenv__subcmd__list"
                ;;
            ssoenv,man)
                cmd="ssoenv__subcmd__man"
                ;;
            ssoenv,populate)
                cmd="ssoenv__subcmd__populate"
                ;;
            ssoenv,status)
                cmd="ssoenv__subcmd__status"
                ;;
            ssoenv,unuse)
                cmd="ssoenv__subcmd__unuse"
                ;;
            ssoenv,use)
                cmd="ssoenv__subcmd__use"
                ;;
            ssoenv,whoami)
                cmd="ssoenv__subcmd__whoami"
                ;;
            ssoenv__subcmd__help,completions)
                cmd="ssoenv__subcmd__help__subcmd__completions"
                ;;
            ssoenv__subcmd__help,configure)
                cmd="ssoenv__subcmd__help__subcmd__configure"
                ;;
            ssoenv__subcmd__help,console)
                cmd="ssoenv__subcmd__help__subcmd__console"
                ;;
            ssoenv__subcmd__help,credential-process)
                cmd="ssoenv__subcmd__help__subcmd__credential__subcmd__process"
                ;;
            ssoenv__subcmd__help,exec)
                cmd="ssoenv__subcmd__help__subcmd__exec"
                ;;
            ssoenv__subcmd__help,export)
                cmd="ssoenv__subcmd__help__subcmd__export"
                ;;
            ssoenv__subcmd__help,help)
                cmd="ssoenv__subcmd__help__subcmd__help"
                ;;
            ssoenv__subcmd__help,init)
                cmd="ssoenv__subcmd__help__subcmd__init"
                ;;
            ssoenv__subcmd__help,list)
                cmd="ssoenv__subcmd__help__subcmd__list"
                ;;
            ssoenv__subcmd__help,login)
                cmd="ssoenv__subcmd__help__subcmd__login"
                ;;
            ssoenv__subcmd__help,logout)
                cmd="ssoenv__subcmd__help__subcmd__logout"
                ;;
            ssoenv__subcmd__help,man)
                cmd="ssoenv__subcmd__help__subcmd__man"
                ;;
            ssoenv__subcmd__help,populate)
                cmd="ssoenv__subcmd__help__subcmd__populate"
                ;;
            ssoenv__subcmd__help,status)
                cmd="ssoenv__subcmd__help__subcmd__status"
                ;;
            ssoenv__subcmd__help,unuse)
                cmd="ssoenv__subcmd__help__subcmd__unuse"
                ;;
            ssoenv__subcmd__help,use)
                cmd="ssoenv__subcmd__help__subcmd__use"
                ;;
            ssoenv__subcmd__help,whoami)
                cmd="ssoenv__subcmd__help__subcmd__whoami"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        ssoenv)
            opts="-v -h -V --verbose --no-color --help --version list ls export exec credential-process whoami login logout status init use unuse configure populate console completions man help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__completions)
            opts="-v -h -V --verbose --no-color --help --version bash elvish fish powershell zsh"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__configure)
            opts="-v -h -V --sso-session --start-url --sso-region --scopes --account --role --region --output --profile --use-device-code --device-code --no-browser --force --verbose --no-color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --sso-session)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --start-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sso-region)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --scopes)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --role)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --region)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__console)
            opts="-d -v -h -V --profile --print --service --destination --region --no-login --mfa-code --min-ttl --duration --verbose --no-color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --destination)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --region)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mfa-code)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --min-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --duration)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -d)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__credential__subcmd__process)
            opts="-d -v -h -V --profile --region --no-login --mfa-code --min-ttl --duration --verbose --no-color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --region)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mfa-code)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --min-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --duration)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -d)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__exec)
            opts="-d -v -h -V --profile --region --no-login --mfa-code --min-ttl --duration --server --verbose --no-color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --region)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mfa-code)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --min-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --duration)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -d)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__export)
            opts="-f -d -v -h -V --profile --format --region --no-login --mfa-code --min-ttl --duration --verbose --no-color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "sh bash zsh fish powershell dotenv json credential-process" -- "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -W "sh bash zsh fish powershell dotenv json credential-process" -- "${cur}"))
                    return 0
                    ;;
                --region)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mfa-code)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --min-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --duration)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -d)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__help)
            opts="list export exec credential-process whoami login logout status init use unuse configure populate console completions man help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__help__subcmd__completions)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__help__subcmd__configure)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__help__subcmd__console)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__help__subcmd__credential__subcmd__process)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__help__subcmd__exec)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__help__subcmd__export)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__help__subcmd__init)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__help__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__help__subcmd__login)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__help__subcmd__logout)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__help__subcmd__man)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__help__subcmd__populate)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__help__subcmd__status)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__help__subcmd__unuse)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__help__subcmd__use)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__help__subcmd__whoami)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__init)
            opts="-v -h -V --no-prompt --verbose --no-color --help --version bash zsh fish"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__list)
            opts="-v -h -V --json --names --sso-sessions --verbose --no-color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__login)
            opts="-v -h -V --profile --sso-session --use-device-code --device-code --no-browser --force --verbose --no-color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sso-session)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__logout)
            opts="-v -h -V --profile --sso-session --all --verbose --no-color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sso-session)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__man)
            opts="-v -h -V --verbose --no-color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__populate)
            opts="-v -h -V --sso-session --template --region --prune --dry-run --no-login --verbose --no-color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --sso-session)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --template)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --region)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__status)
            opts="-v -h -V --json --verbose --no-color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__unuse)
            opts="-v -h -V --shell --verbose --no-color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --shell)
                    COMPREPLY=($(compgen -W "bash zsh fish" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__use)
            opts="-d -v -h -V --profile --region --no-login --mfa-code --min-ttl --duration --shell --verbose --no-color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --region)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mfa-code)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --min-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --duration)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -d)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --shell)
                    COMPREPLY=($(compgen -W "bash zsh fish" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ssoenv__subcmd__whoami)
            opts="-d -v -h -V --profile --json --region --no-login --mfa-code --min-ttl --duration --verbose --no-color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --region)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mfa-code)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --min-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --duration)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -d)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _ssoenv -o nosort -o bashdefault -o default ssoenv
else
    complete -F _ssoenv -o bashdefault -o default ssoenv
fi

# Dynamic completion, added by ssoenv to clap's script above: profile and
# sso-session names come from the config as it is at Tab time, the command
# after `exec ... --` is completed as a command, and the rest is left to _ssoenv.

# What (sub)command $1 takes: the options with a value, the positionals
# (numbered from 1) that are a profile or an sso-session, the options that take
# one, and whether a command follows `--`.
_ssoenv_dyn_node() {
    _ssoenv_vopts=' ' _ssoenv_ppos=' ' _ssoenv_spos=' ' _ssoenv_popts=' ' _ssoenv_sopts=' ' _ssoenv_rest=0
    case $1 in
        'export') _ssoenv_vopts=' --profile --format -f --region --mfa-code --min-ttl --duration -d ' _ssoenv_ppos=' 1 ' _ssoenv_spos=' ' _ssoenv_popts=' --profile ' _ssoenv_sopts=' ' _ssoenv_rest='0' ;;
        'exec') _ssoenv_vopts=' --profile --region --mfa-code --min-ttl --duration -d ' _ssoenv_ppos=' 1 ' _ssoenv_spos=' ' _ssoenv_popts=' --profile ' _ssoenv_sopts=' ' _ssoenv_rest='1' ;;
        'credential-process') _ssoenv_vopts=' --profile --region --mfa-code --min-ttl --duration -d ' _ssoenv_ppos=' 1 ' _ssoenv_spos=' ' _ssoenv_popts=' --profile ' _ssoenv_sopts=' ' _ssoenv_rest='0' ;;
        'whoami') _ssoenv_vopts=' --profile --region --mfa-code --min-ttl --duration -d ' _ssoenv_ppos=' 1 ' _ssoenv_spos=' ' _ssoenv_popts=' --profile ' _ssoenv_sopts=' ' _ssoenv_rest='0' ;;
        'login') _ssoenv_vopts=' --profile --sso-session ' _ssoenv_ppos=' 1 ' _ssoenv_spos=' ' _ssoenv_popts=' --profile ' _ssoenv_sopts=' --sso-session ' _ssoenv_rest='0' ;;
        'logout') _ssoenv_vopts=' --profile --sso-session ' _ssoenv_ppos=' 1 ' _ssoenv_spos=' ' _ssoenv_popts=' --profile ' _ssoenv_sopts=' --sso-session ' _ssoenv_rest='0' ;;
        'use') _ssoenv_vopts=' --profile --region --mfa-code --min-ttl --duration -d --shell ' _ssoenv_ppos=' 1 ' _ssoenv_spos=' ' _ssoenv_popts=' --profile ' _ssoenv_sopts=' ' _ssoenv_rest='0' ;;
        'configure') _ssoenv_vopts=' --sso-session --start-url --sso-region --scopes --account --role --region --output --profile ' _ssoenv_ppos=' ' _ssoenv_spos=' ' _ssoenv_popts=' --profile ' _ssoenv_sopts=' --sso-session ' _ssoenv_rest='0' ;;
        'populate') _ssoenv_vopts=' --sso-session --template --region ' _ssoenv_ppos=' ' _ssoenv_spos=' ' _ssoenv_popts=' ' _ssoenv_sopts=' --sso-session ' _ssoenv_rest='0' ;;
        'console') _ssoenv_vopts=' --profile --service --destination --region --mfa-code --min-ttl --duration -d ' _ssoenv_ppos=' 1 ' _ssoenv_spos=' ' _ssoenv_popts=' --profile ' _ssoenv_sopts=' ' _ssoenv_rest='0' ;;
    esac
}

# Sets _ssoenv_child to the subcommand that word $2 names in (sub)command $1.
_ssoenv_dyn_child() {
    case "$1/$2" in
        '/export') _ssoenv_child='export' ;;
        '/exec') _ssoenv_child='exec' ;;
        '/credential-process') _ssoenv_child='credential-process' ;;
        '/whoami') _ssoenv_child='whoami' ;;
        '/login') _ssoenv_child='login' ;;
        '/logout') _ssoenv_child='logout' ;;
        '/use') _ssoenv_child='use' ;;
        '/configure') _ssoenv_child='configure' ;;
        '/populate') _ssoenv_child='populate' ;;
        '/console') _ssoenv_child='console' ;;
        *) return 1 ;;
    esac
}

_ssoenv_dynamic() {
    local cur=${2-} prefix='' pend='' opt='' path='' kind='' w i j n=0 dd=0 name
    local _ssoenv_vopts _ssoenv_ppos _ssoenv_spos _ssoenv_popts _ssoenv_sopts _ssoenv_rest _ssoenv_child
    _ssoenv_dyn_node ''
    # With `=` in COMP_WORDBREAKS, `--opt=value` is the words `--opt`, `=`, `value`.
    if [[ $cur == = ]]; then
        cur=''
    fi
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        if [[ -n $pend ]]; then
            if [[ $w != = ]]; then
                pend=''
            fi
        elif ((dd)); then
            n=$((n + 1))
        elif [[ $w == -- ]]; then
            if ((_ssoenv_rest)); then
                _ssoenv_dyn_rest $((i + 1)) "$cur"
                return 0
            fi
            dd=1
        elif [[ $w == --*=* ]]; then
            :
        elif [[ $w == --* ]]; then
            if [[ $_ssoenv_vopts == *" $w "* ]]; then
                pend=$w
            fi
        elif [[ $w == -?* ]]; then
            # Short options: the first that takes a value takes the rest of the
            # word, or the next word.
            for ((j = 1; j < ${#w}; j++)); do
                if [[ $_ssoenv_vopts == *" -${w:j:1} "* ]]; then
                    if ((j == ${#w} - 1)); then
                        pend=-${w:j:1}
                    fi
                    break
                fi
            done
        elif ((n == 0)) && _ssoenv_dyn_child "$path" "$w"; then
            path=$_ssoenv_child
            _ssoenv_dyn_node "$path"
        else
            n=$((n + 1))
        fi
    done
    if [[ -n $pend ]]; then
        opt=$pend
    elif ((dd == 0)) && [[ $cur == --*=* ]]; then
        opt=${cur%%=*}
        prefix=$opt=
        cur=${cur#*=}
    elif ((dd)) || [[ $cur != -* ]]; then
        if [[ $_ssoenv_ppos == *" $((n + 1)) "* ]]; then
            kind=--names
        elif [[ $_ssoenv_spos == *" $((n + 1)) "* ]]; then
            kind=--sso-sessions
        fi
    fi
    if [[ -n $opt && $_ssoenv_popts == *" $opt "* ]]; then
        kind=--names
    elif [[ -n $opt && $_ssoenv_sopts == *" $opt "* ]]; then
        kind=--sso-sessions
    fi
    if [[ -z $kind ]]; then
        _ssoenv "$@"
        return
    fi
    COMPREPLY=()
    while IFS= read -r name; do
        if [[ $name == "$cur"* ]]; then
            COMPREPLY+=("$prefix$name")
        fi
    done < <(command ssoenv list "$kind" 2>/dev/null)
    # No file names when no name matches.
    compopt +o default +o bashdefault 2>/dev/null || :
    return 0
}

# Completes the command that starts at word $1 ($2 is the word at the cursor):
# as bash-completion does if it is loaded, else command names, then file names.
_ssoenv_dyn_rest() {
    if declare -F _command_offset >/dev/null; then
        _command_offset "$1"
    elif ((COMP_CWORD == $1)); then
        mapfile -t COMPREPLY < <(compgen -c -- "$2")
    else
        COMPREPLY=()
    fi
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _ssoenv_dynamic -o nosort -o bashdefault -o default ssoenv
else
    complete -F _ssoenv_dynamic -o bashdefault -o default ssoenv
fi
