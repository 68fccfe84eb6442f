# shellcheck shell=bash
# Shared functions for setup/start, setup/test and setup/bench: find Odoo 19, build the
# virtualenv, make sure PostgreSQL answers, write the Odoo configuration file.
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="${COMPLAINT_STATE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/complaint-suite}"
VENV_DIR="${COMPLAINT_VENV:-$STATE_DIR/venv}"
ODOO_HTTP_INTERFACE="${ODOO_HTTP_INTERFACE:-127.0.0.1}"
ODOO_HTTP_PORT="${ODOO_HTTP_PORT:-8069}"
OUR_ADDONS="complaint_management,complaint_sla,complaint_survey"
# what the template database holds, beside Odoo's base: our addons' dependencies
TEMPLATE_MODULES="helpdesk_mgmt,website,survey,resource,portal,mail,spreadsheet_dashboard"
# Official source, used only when no tree is given and the machine reaches the internet.
ODOO_DOWNLOAD_URL="${ODOO_DOWNLOAD_URL:-https://github.com/odoo/odoo/archive/refs/heads/19.0.tar.gz}"

mkdir -p "$STATE_DIR"

log() { printf '\033[1m[complaint-suite]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[complaint-suite] ERROR:\033[0m %s\n' "$*" >&2; exit 1; }

is_root_debian() { [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ]; }

ensure_system_packages() {
    # Chinese text must render in the browser (tours, setup/screenshots.py) and in printed
    # documents: CJK fonts; Chromium runs the browser tours and takes the screenshots.
    apt_install fonts-noto-cjk || log "fonts-noto-cjk is missing: Chinese renders as boxes"
    command -v chromium >/dev/null 2>&1 || apt_install chromium ||
        log "chromium is missing: browser tours and screenshots will fail"
}

apt_install() {
    # Install Debian packages that are missing; only as root on Debian.
    local missing=()
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! is_root_debian; then
        log "missing Debian packages (install them or run as root): ${missing[*]}"
        return 1
    fi
    log "installing Debian packages: ${missing[*]}"
    if [ ! -f "$STATE_DIR/.apt-updated" ]; then
        apt-get update -qq && touch "$STATE_DIR/.apt-updated"
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

check_odoo_tree() {
    local tree="$1"
    [ -f "$tree/odoo/release.py" ] || return 1
    grep -Eq '^version_info = \(19, 0,' "$tree/odoo/release.py"
}

find_odoo() {
    # ODOO_SRC, else /opt/odoo/19.0, else download from Odoo's official source when online.
    if [ -n "${ODOO_SRC:-}" ]; then
        check_odoo_tree "$ODOO_SRC" || die "ODOO_SRC=$ODOO_SRC is not an Odoo 19.0 source tree (no odoo/release.py with version_info 19.0)."
    elif check_odoo_tree /opt/odoo/19.0; then
        ODOO_SRC=/opt/odoo/19.0
    elif [ -e /opt/odoo/19.0/odoo/release.py ]; then
        die "/opt/odoo/19.0 exists but is not Odoo 19.0 (see its odoo/release.py)."
    elif curl -fsI --max-time 10 "$ODOO_DOWNLOAD_URL" >/dev/null 2>&1; then
        log "no Odoo 19 tree found: downloading Odoo 19.0 into /opt/odoo/19.0"
        mkdir -p /opt/odoo/19.0 || die "cannot create /opt/odoo/19.0 (run as root or set ODOO_SRC)."
        curl -fsSL "$ODOO_DOWNLOAD_URL" | tar -xz --strip-components=1 -C /opt/odoo/19.0
        check_odoo_tree /opt/odoo/19.0 || die "the downloaded tree is not Odoo 19.0."
        ODOO_SRC=/opt/odoo/19.0
    else
        die "No Odoo 19 found, and this machine cannot download it.
  Provide an Odoo 19.0 source tree in one of two ways:
    1. export ODOO_SRC=/path/to/odoo-19.0   (a tree with odoo/, addons/, odoo-bin)
    2. put the tree at /opt/odoo/19.0
  (with internet access, the tree is downloaded from Odoo's official source automatically)."
    fi
    export ODOO_SRC
}

venv_stamp() {
    cat "$ODOO_SRC/requirements.txt" "$REPO_DIR/requirements.txt" | sha1sum | cut -c1-16
    echo "$ODOO_SRC"
}

ensure_venv() {
    # Built once; rebuilt when Odoo's requirements change, topped up when ours change.
    local stamp_file="$VENV_DIR/.complaint-suite-stamp" stamp odoo_stamp
    stamp="$(venv_stamp)"
    odoo_stamp="$(sha1sum <"$ODOO_SRC/requirements.txt" | cut -c1-16) $ODOO_SRC"
    if [ -x "$VENV_DIR/bin/python" ] && [ "$(cat "$stamp_file" 2>/dev/null)" = "$stamp" ]; then
        return 0
    fi
    if [ -x "$VENV_DIR/bin/python" ] && [ "$(cat "$VENV_DIR/.odoo-stamp" 2>/dev/null)" = "$odoo_stamp" ]; then
        log "updating the virtualenv in $VENV_DIR (our requirements changed)"
        "$VENV_DIR/bin/pip" install -q -r "$REPO_DIR/requirements.txt" >"$STATE_DIR/venv-build.log" 2>&1 || {
            grep -v "^WARNING: Location" "$STATE_DIR/venv-build.log" | tail -30 >&2
            die "installing our requirements failed (log: $STATE_DIR/venv-build.log)"
        }
        "$VENV_DIR/bin/pip" check >/dev/null 2>&1 || log "pip check reports conflicts (see: $VENV_DIR/bin/pip check)"
        echo "$stamp" >"$stamp_file"
        return 0
    fi
    log "building the virtualenv in $VENV_DIR (a few minutes, once)"
    # Build packages some of Odoo's requirements compile against (python-ldap, psycopg2).
    apt_install build-essential libldap2-dev libsasl2-dev libpq-dev python3-dev python3-venv || true
    local py="${PYTHON:-python3}"
    "$py" -c 'import sys; sys.exit(sys.version_info < (3, 10))' || die "Python 3.10 or newer is required ($py)."
    rm -rf "$VENV_DIR"
    "$py" -m venv "$VENV_DIR"
    (
        set -o pipefail
        "$VENV_DIR/bin/pip" install -q --upgrade "pip<25" "setuptools<76" wheel
        "$VENV_DIR/bin/pip" install -q -r "$ODOO_SRC/requirements.txt"
        # OCA wheels require a distribution named "odoo", which is not on PyPI: an editable
        # install of the tree registers it, so pip resolves OCA dependencies normally.
        "$VENV_DIR/bin/pip" install -q --no-build-isolation -e "$ODOO_SRC"
        "$VENV_DIR/bin/pip" install -q -r "$REPO_DIR/requirements.txt"
    ) >"$STATE_DIR/venv-build.log" 2>&1 || {
        grep -v "^WARNING: Location" "$STATE_DIR/venv-build.log" | tail -30 >&2
        die "building the virtualenv failed (log: $STATE_DIR/venv-build.log)"
    }
    echo "$odoo_stamp" >"$VENV_DIR/.odoo-stamp"
    echo "$stamp" >"$stamp_file"
}

ensure_postgres() {
    export PGHOST="${PGHOST:-localhost}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-$(id -un)}"
    if psql -d postgres -Atc 'select 1' >/dev/null 2>&1; then
        return 0
    fi
    if is_root_debian; then
        log "PostgreSQL does not answer on $PGHOST:$PGPORT: installing / starting the local server"
        apt_install postgresql postgresql-client
        local ver
        ver="$(ls /etc/postgresql | sort -V | tail -1)"
        pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>/dev/null || true
        for _ in $(seq 30); do
            su postgres -c "psql -Atc 'select 1'" >/dev/null 2>&1 && break
            sleep 1
        done
        su postgres -c "psql -Atc \"select 1 from pg_roles where rolname='$PGUSER'\"" | grep -q 1 ||
            su postgres -c "createuser --superuser '$PGUSER'"
        psql -d postgres -Atc 'select 1' >/dev/null 2>&1 && return 0
    fi
    die "PostgreSQL does not answer as $PGUSER on $PGHOST:$PGPORT. Start a server, or set PGHOST / PGPORT / PGUSER (the role needs CREATEDB)."
}

oca_addons_dir() {
    "$VENV_DIR/bin/python" - <<'PY'
import importlib.util, os
spec = importlib.util.find_spec("odoo.addons.helpdesk_mgmt")
print(os.path.dirname(os.path.dirname(spec.origin)))
PY
}

write_config() {
    # write_config FILE ["key = value"...] : Odoo configuration; later keys override earlier ones
    local conf="$1"
    shift
    local oca
    oca="$(oca_addons_dir)"
    printf '%s\n' "[options]" \
        "addons_path = $ODOO_SRC/addons,$oca,$REPO_DIR" \
        "data_dir = $STATE_DIR/data" \
        "db_host = $PGHOST" \
        "db_port = $PGPORT" \
        "db_user = $PGUSER" \
        "http_interface = $ODOO_HTTP_INTERFACE" \
        "http_port = $ODOO_HTTP_PORT" \
        "list_db = True" \
        "$@" | awk -F' *= *' 'NR == 1 { print; next } { v[$1] = $0; if (!($1 in seen)) { seen[$1] = 1; k[++n] = $1 } }
        END { for (i = 1; i <= n; i++) print v[k[i]] }' >"$conf"
}

odoo_bin() {
    "$VENV_DIR/bin/python" "$ODOO_SRC/odoo-bin" "$@"
}

db_exists() {
    echo "select 1 from pg_database where datname = :'name'" | psql -d postgres -At -v name="$1" | grep -q 1
}

module_state() {
    # module_state DB MODULE -> state or empty
    echo "select state from ir_module_module where name = :'name'" |
        psql -d "$1" -At -v name="$2" 2>/dev/null || true
}

template_db_name() {
    echo "complaint_tmpl_$({ venv_stamp; echo "$TEMPLATE_MODULES"; } | sha1sum | cut -c1-10)"
}

ensure_template_db() {
    # ensure_template_db CONF LOGFILE : a database with our dependencies installed (helpdesk_mgmt,
    # website, survey, ...) and demo data, rebuilt only when Odoo or our requirements change;
    # test and bench databases clone it with createdb -T instead of installing from scratch.
    local conf="$1" logf="$2" tmpl
    tmpl="$(template_db_name)"
    db_exists "$tmpl" && return 0
    log "building the template database $tmpl (once, about a minute)"
    dropdb --if-exists "${tmpl}_wip"
    odoo_bin -c "$conf" -d "${tmpl}_wip" -i "$TEMPLATE_MODULES" \
        --with-demo --stop-after-init --logfile="$logf" ||
        die "building the template database failed: see $logf"
    echo "ALTER DATABASE :\"old\" RENAME TO :\"new\"" |
        psql -d postgres -q -v old="${tmpl}_wip" -v new="$tmpl"
    local fs="$STATE_DIR/data/filestore"
    if [ -d "$fs/${tmpl}_wip" ]; then
        rm -rf "${fs:?}/$tmpl"
        mv "$fs/${tmpl}_wip" "$fs/$tmpl"
    fi
}

clone_template_db() {
    # clone_template_db NAME : fresh copy of the template database, filestore included
    local tmpl fs="$STATE_DIR/data/filestore"
    tmpl="$(template_db_name)"
    dropdb --if-exists "$1"
    createdb -T "$tmpl" "$1"
    rm -rf "${fs:?}/$1"
    if [ -d "$fs/$tmpl" ]; then cp -r "$fs/$tmpl" "$fs/$1"; fi
}
