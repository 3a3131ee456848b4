#!/usr/bin/env bash
# Installs modeltop's shell completions (bash, zsh, fish) and its man page for the current user,
# from this checkout, under the XDG data directory ($XDG_DATA_HOME, default ~/.local/share),
# where bash-completion, fish and man look by themselves (zsh needs one line: printed at the end).
# Both come from swift-argument-parser: `modeltop --generate-completion-script SHELL` and its
# generate-manual plugin.
#
#   bash Scripts/install-shell-support.sh
set -euo pipefail
cd "$(dirname "$0")/.."
data=${XDG_DATA_HOME:-$HOME/.local/share}

swift build -c release --product modeltop >&2
bin=$(swift build -c release --show-bin-path)/modeltop
mkdir -p "$data/bash-completion/completions" "$data/zsh/site-functions" \
    "$data/fish/vendor_completions.d" "$data/man/man1"
"$bin" --generate-completion-script bash >"$data/bash-completion/completions/modeltop"
"$bin" --generate-completion-script zsh >"$data/zsh/site-functions/_modeltop"
"$bin" --generate-completion-script fish >"$data/fish/vendor_completions.d/modeltop.fish"
swift package plugin generate-manual >&2
cp .build/plugins/GenerateManual/outputs/modeltop/modeltop.1 "$data/man/man1/modeltop.1"

for file in bash-completion/completions/modeltop zsh/site-functions/_modeltop \
    fish/vendor_completions.d/modeltop.fish man/man1/modeltop.1; do
    # Each names every subcommand, or something went wrong.
    for command in watch report check alerts generate trust demo; do
        grep -q "$command" "$data/$file" || { echo "modeltop: $data/$file does not mention '$command'" >&2; exit 1; }
    done
    echo "installed $data/$file"
done
echo "zsh: add  fpath=($data/zsh/site-functions \$fpath)  before compinit in ~/.zshrc"
echo "man: 'man modeltop' finds it when ~/.local/bin is on PATH; else: export MANPATH=\"$data/man:\""
