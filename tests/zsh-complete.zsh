# usage: zsh -f zsh-complete.zsh COMPLETIONS_DIR 'command line'
# Prints what zsh lists as the matches at the end of the line (list-choices,
# bound to ^X here), as a terminal would show them.
zmodload zsh/zpty
dir=$1 line=$2
zpty z 'zsh -f -i'
zpty -w z "PS1='%% '; PS2=''; fpath=($dir \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z "bindkey -e; bindkey '^X' list-choices; zstyle ':completion:*' format '<%d>'; LISTMAX=100000; unsetopt beep"
zpty -w z "print READY"
zpty -r z out $'*\nREADY*' || exit 1
# Keys typed before zle has the terminal would meet the tty's own line
# editing: give it time to draw the prompt.
sleep 0.5
zpty -w -n z "$line"$'\C-x'
# Read until nothing more comes for two seconds (at most 25 s).
out= idle=0
for (( i = 0; i < 250 && idle < 20; i++ )); do
	if zpty -rt z chunk; then
		out+=$chunk idle=0
	else
		sleep 0.1
		(( idle++ ))
	fi
done
print -r -- "$out"
zpty -d z
