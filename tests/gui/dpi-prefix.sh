# dpi-prefix.sh - sourced by run-gui-tests.sh and bench-gui.sh (after wine-env.sh): prefixes ready for GUI runs.
#
# bf_install_wine_fonts PREFIX: Wine's own Tahoma and Marlett (package fonts-wine) are not found from this
# Debian build's data directory: without them captions and title-bar buttons are drawn with stand-in
# glyphs ("0 1 r"). Fonts in C:\windows\Fonts are always loaded, so the prefix gets copies.
bf_install_wine_fonts() {
  local dir="$1/drive_c/windows/Fonts" f
  mkdir -p "$dir"
  for f in /usr/share/wine/fonts/*.ttf; do
    [ -e "$f" ] || continue
    [ -e "$dir/$(basename "$f")" ] || cp "$f" "$dir/"
  done
}

# bf_dpi_prefix N [FONT]: prints the path of the N-DPI prefix, a copy of the base prefix with
# HKCU\Control Panel\Desktop LogPixels=N, made again when the base prefix is newer. With FONT (pixels at
# 96 DPI, e.g. 22: twice Wine's 11), the message font is made that tall too (WindowMetrics\MessageFont, a
# LOGFONTW: "make text bigger", a large system font): what the console and the dialogs draw their words in.
bf_dpi_prefix() {
  local n=$1 font=${2:-} dpi=$BF_BUILD/wineprefix-dpi$1${2:+-font$2}
  if [ ! -f "$dpi/.bf-dpi$n" ] || [ "$BF_WINEPREFIX/system.reg" -nt "$dpi/.bf-dpi$n" ]; then
    # the old copy's wineserver ended first: the new copy may get the old directory's inode number, and
    # Wine finds a prefix's server by device and inode (/tmp/.wine-UID/server-DEV-INODE), so a server left
    # from the old copy would serve the new one with the old copy's state
    [ -d "$dpi" ] && WINEPREFIX=$dpi timeout 30 bash -c "$(declare -f bf_wineserver); bf_wineserver -k" 2>/dev/null || true
    rm -rf "$dpi"
    cp -a "$BF_WINEPREFIX" "$dpi"
    rm -f "$dpi"/.update-timestamp.lock
    WINEPREFIX=$dpi timeout 120 "$BF_WINE" reg add 'HKCU\Control Panel\Desktop' /v LogPixels /t REG_DWORD /d "$n" /f \
      >"$BF_BUILD/dpi$n-reg.log" 2>&1
    if [ -n "$font" ]; then
      # LOGFONTW: lfHeight -font (little-endian), width/escapement/orientation 0, weight 400, charset 0,
      # precision/quality 0, pitch 0x22 (variable, swiss), face "MS Shell Dlg", zero-padded to 92 bytes
      local lf face
      lf=$(printf '%08X' $(( (1 << 32) - font )) | sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/')
      face=$(printf 'MS Shell Dlg' | iconv -t UTF-16LE | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
      lf="${lf}000000000000000000000000900100000000000000000022${face}"
      while [ ${#lf} -lt 184 ]; do lf="${lf}00"; done
      WINEPREFIX=$dpi timeout 120 "$BF_WINE" reg add 'HKCU\Control Panel\Desktop\WindowMetrics' /v MessageFont \
        /t REG_BINARY /d "$lf" /f >>"$BF_BUILD/dpi$n-reg.log" 2>&1
    fi
    WINEPREFIX=$dpi timeout 60 bash -c "$(declare -f bf_wineserver); bf_wineserver -w"
    touch "$dpi/.bf-dpi$n"
  fi
  bf_install_wine_fonts "$dpi"
  echo "$dpi"
}

# bf_dpi192_prefix: the 192-DPI prefix (bf_dpi_prefix 192).
bf_dpi192_prefix() { bf_dpi_prefix 192; }
