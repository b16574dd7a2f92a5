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

# bf_dpi_prefix N: prints the path of the N-DPI prefix, a copy of the base prefix with
# HKCU\Control Panel\Desktop LogPixels=N, made again when the base prefix is newer.
bf_dpi_prefix() {
  local n=$1 dpi=$BF_BUILD/wineprefix-dpi$1
  if [ ! -f "$dpi/.bf-dpi$n" ] || [ "$BF_WINEPREFIX/system.reg" -nt "$dpi/.bf-dpi$n" ]; then
    rm -rf "$dpi"
    cp -a "$BF_WINEPREFIX" "$dpi"
    rm -f "$dpi"/.update-timestamp.lock
    WINEPREFIX=$dpi timeout 120 "$BF_WINE" reg add 'HKCU\Control Panel\Desktop' /v LogPixels /t REG_DWORD /d "$n" /f \
      >"$BF_BUILD/dpi$n-reg.log" 2>&1
    WINEPREFIX=$dpi timeout 60 bash -c "$(declare -f bf_wineserver); bf_wineserver -w"
    touch "$dpi/.bf-dpi$n"
  fi
  bf_install_wine_fonts "$dpi"
  echo "$dpi"
}

# bf_dpi192_prefix: the 192-DPI prefix (bf_dpi_prefix 192).
bf_dpi192_prefix() { bf_dpi_prefix 192; }
