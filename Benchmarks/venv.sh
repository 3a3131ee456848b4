# Sourced by the comparison scripts: the pinned Python tools of DIR/requirements.txt in their
# own environment, DIR/.venv, rebuilt when requirements.txt changes.
#
#   source Benchmarks/venv.sh; ensure_venv Benchmarks/tasks
ensure_venv() {
    local dir=$1
    if ! cmp -s "$dir/requirements.txt" "$dir/.venv/requirements.installed" 2>/dev/null; then
        echo "installing the Python tools into $dir/.venv" >&2
        python3 -m venv "$dir/.venv"
        "$dir/.venv/bin/pip" install --quiet --upgrade pip
        "$dir/.venv/bin/pip" install --quiet -r "$dir/requirements.txt"
        cp "$dir/requirements.txt" "$dir/.venv/requirements.installed"
    fi
}
