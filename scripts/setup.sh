#!/bin/sh
# Install what jixiao needs to build and test on Debian/Ubuntu, then
# configure the build directory. Safe to run again.
set -eu
cd "$(dirname "$0")/.."

pkgs="build-essential meson ninja-build pkg-config libncurses-dev libcsv-dev \
libcmocka-dev libvterm-dev gettext locales tmux python3 valgrind nettle-dev clang \
chromium poppler-utils fonts-noto-cjk libzip-dev libexpat1-dev libxlsxwriter-dev \
python3-openpyxl libreoffice-calc-nogui"
# chromium, poppler-utils, fonts-noto-cjk: tests/print_html.sh prints the
# HTML export to PDF and reads its pages back (Chinese text needs the font).
# libzip-dev, libexpat1-dev: jixiao form import reads .xlsx templates;
# libxlsxwriter-dev: export --format xlsx writes workbooks;
# python3-openpyxl and libreoffice-calc-nogui: tests/import.sh makes and
# converts the workbooks it imports (tests/make_template.py, soffice),
# tests/export_xlsx.sh reads the exported workbook back and
# tests/recalc_xlsx.sh has Calc recalculate it.
missing=""
for p in $pkgs; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "setup: installing$missing" >&2
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

# Chinese messages need the zh_CN.UTF-8 locale; tests use C.UTF-8.
if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    if [ -f /etc/locale.gen ]; then          # Debian
        $SUDO sed -i 's/^# *\(zh_CN.UTF-8 UTF-8\)/\1/' /etc/locale.gen
        grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen || echo 'zh_CN.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
        $SUDO locale-gen >/dev/null 2>&1 || true
    else                                     # Ubuntu
        $SUDO locale-gen zh_CN.UTF-8 >/dev/null 2>&1 || true
    fi
fi

[ -d build ] || meson setup build >/dev/null
meson compile -C build >/dev/null
