# bindfix - build, run and test.
#
#   make          cross-build build/win64/bindfix.exe and build/win64/bindfix-cli.exe
#   make ARCH=i686  the same 32-bit (i686-w64-mingw32) into build/win32/, its own object tree
#   make run      the console (bindfix.exe) when $DISPLAY is set, else the live scan (bindfix-cli scan)
#   make check    every test: native unit tests under ASan/UBSan, the same tests under Wine, black-box
#                 CLI tests, network-fixture tests (as root), the GUI smoke test under Xvfb
#   make bench    performance figures side by side with the peer commands
#
# On Debian/Ubuntu the targets install what they need with apt-get (as root), saying so; without root
# they stop with the exact command.  Under MSYS2 MINGW64 on Windows, `make` builds natively with the
# same rules (the compiler is then plain gcc/windres, see TOOLPREFIX) and no packages are installed.

SHELL := /bin/bash
.DEFAULT_GOAL := all

UNAME_S := $(shell uname -s)
ifneq (,$(findstring MINGW,$(UNAME_S))$(findstring MSYS,$(UNAME_S)))
  ON_WINDOWS := 1
  TOOLPREFIX ?=
else
  ON_WINDOWS :=
  TOOLPREFIX ?= $(ARCH)-w64-mingw32-
endif

# x86_64 (build/win64) or i686 (build/win32: the 32-bit build, for 32-bit XP SP3 / Server 2003 SP2)
ARCH     ?= x86_64
B        ?= build
W        := $(B)/$(if $(filter i686,$(ARCH)),win32,win64)
N        := $(B)/native
GEN      := $(if $(filter i686,$(ARCH)),$(W)/gen,$(B)/gen)
TOPDIR   := $(abspath .)

WCC      := $(TOOLPREFIX)gcc
WINDRES  := $(TOOLPREFIX)windres
CC_NATIVE ?= gcc

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2 -Wno-format-nonliteral
INCLUDES := -Icore -Igui/sys -Ires -I$(GEN)
CORE_STD := -std=c11
WDEFS    := -DUNICODE -D_UNICODE -D_WIN32_WINNT=0x0601 -DWINVER=0x0601 -D__USE_MINGW_ANSI_STDIO=1
WCFLAGS  := -O2 -g $(WARN) $(INCLUDES) $(WDEFS) -municode
WLIBS    := -lws2_32 -liphlpapi -ladvapi32 -lshell32 -lole32 -loleaut32 -luuid -lntdll
WGUILIBS := -lcomctl32 -lcomdlg32 -lgdi32 -luser32 -luxtheme
# -static: the executables depend only on DLLs that ship with Windows (no libgcc/winpthread DLLs).
WLDFLAGS := -static -municode

NCFLAGS  := -O1 -g $(WARN) $(INCLUDES) -fno-omit-frame-pointer -fsanitize=address,undefined \
            -fno-sanitize-recover=undefined
NPLAINCFLAGS := -O1 -g $(WARN) $(INCLUDES)

CORE_SRC := $(sort $(wildcard core/*.c))
SYS_SRC  := $(filter-out gui/sys/lazybind_i686.c,$(sort $(wildcard gui/sys/*.c)))
CLI_SRC  := $(sort $(wildcard gui/cli/*.c))
GUI_SRC  := $(sort $(wildcard gui/*.c))
UNIT_SRC := $(sort $(wildcard tests/core/*.c))

W_CORE_OBJ := $(patsubst %.c,$(W)/obj/%.o,$(CORE_SRC))
W_SYS_OBJ  := $(patsubst %.c,$(W)/obj/%.o,$(SYS_SRC))
W_CLI_OBJ  := $(patsubst %.c,$(W)/obj/%.o,$(CLI_SRC))
W_GUI_OBJ  := $(patsubst %.c,$(W)/obj/%.o,$(GUI_SRC))
W_UNIT_OBJ := $(patsubst %.c,$(W)/obj/%.o,$(UNIT_SRC))

# Header dependencies: every compile writes its .d beside its output (-MMD -MP), read back at the end.
DEPFLAGS := -MMD -MP

# ----------------------------------------------------------------------------------------------
# Packages (Debian 12), checked once per make by the targets that need them: `deps` (everything
# run, check, bench, fuzz and reliability use) and `deps-build` (the cross build, for plain `make`).
# Missing ones are installed with apt-get as root, saying so; without root the command is printed
# and make stops (tests/lib/deps.sh). Nothing is checked under MSYS2 or where there is no dpkg.
BUILD_PKGS := gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 gcc-mingw-w64-i686 binutils-mingw-w64-i686 make fp-utils
TEST_PKGS  := $(BUILD_PKGS) gcc wine64 wine xvfb xauth fonts-wine imagemagick curl iproute2 \
              util-linux valgrind clang libclang-rt-14-dev procps python3 chromium \
              slapd ldap-utils ansible openssh-server prometheus monitoring-plugins-basic ansible-lint \
              dnsmasq-base
missing_pkgs = $(if $(ON_WINDOWS),,$(shell bash tests/lib/deps.sh --missing $(1)))

.PHONY: deps deps-build
deps:
	$(if $(call missing_pkgs,$(TEST_PKGS)),@bash tests/lib/deps.sh $(TEST_PKGS))
deps-build:
	$(if $(call missing_pkgs,$(BUILD_PKGS)),@bash tests/lib/deps.sh $(BUILD_PKGS))

# ----------------------------------------------------------------------------------------------
# Cross build

.PHONY: all
all: deps-build $(W)/bindfix.exe $(W)/bindfix-cli.exe $(W)/bindfix-catalogue.example.json $(W)/bindfix.chm

# The help: help/topics/*.htm compiled with chmcmd (fp-utils) into bindfix.chm beside bindfix.exe, which
# opens it with HtmlHelp (F1, Help buttons). The project file is help/topics/bindfix.hhp.
HELP_SRC := $(wildcard help/topics/*)
$(W)/bindfix.chm: $(HELP_SRC)
	@rm -rf $(B)/help && mkdir -p $(B)/help $(dir $@)
	cp help/topics/* $(B)/help/
	cd $(B)/help && chmcmd bindfix.hhp >chmcmd.log 2>&1 || { cat chmcmd.log; exit 1; }
	cp $(B)/help/bindfix.chm $@

# The example user catalogue ships beside the executables (rename it bindfix-catalogue.json to use it).
$(W)/bindfix-catalogue.example.json: help/catalogue-example.json
	@mkdir -p $(dir $@)
	cp $< $@

# Generated headers must exist before the first compile (order-only); afterwards the .d files say
# which objects include them. Each object also depends on its own .d (W_DEPS, at the end).
$(W)/obj/%.o: %.c $(W)/obj/%.d | $(GEN)/events.h
	@mkdir -p $(dir $@)
	$(WCC) $(if $(filter core/%,$<),$(CORE_STD),-std=gnu11) $(WCFLAGS) $(DEPFLAGS) -c $< -o $@

# The event source's message table (res/events.mc): events.rc, events.h and MSG00409.bin in $(GEN).
WINDMC   := $(TOOLPREFIX)windmc
$(GEN)/events.rc $(GEN)/events.h: res/events.mc
	@mkdir -p $(GEN)
	$(WINDMC) -r $(GEN) -h $(GEN) res/events.mc

$(W)/obj/bindfix_res.o: res/bindfix.rc $(wildcard res/* res/lang/*) $(GEN)/events.rc
	@mkdir -p $(dir $@)
	$(WINDRES) -Ires -I$(GEN) -DBF_GUI=1 res/bindfix.rc -O coff -o $@

$(W)/obj/cli_res.o: res/cli.rc $(wildcard res/*) $(GEN)/events.rc
	@mkdir -p $(dir $@)
	$(WINDRES) -Ires -I$(GEN) res/cli.rc -O coff -o $@

# The static imports that are not KnownDLLs (tests/rules/knowndlls.txt) are delay-loaded, so that the
# loader never looks for them in the program's own folder: the first call loads them through
# compat.c's hook, from System32 only. The delay-import library of each is made from mingw-w64's
# import library (its __imp_ symbols) with dlltool --output-delaylib.
# i686 (32-bit XP/2003): binutils 2.40's i386 delay-import libraries do not work (ld discards the thunks,
# so the first Winsock call jumps to 0; kept, they raise 0xC06D007E). The 32-bit build binds them itself
# instead: lazybind_i686.awk turns the same .def files into import slots whose first call goes to
# gui/sys/lazybind_i686.c, which loads the DLL from System32 only and stores the function in the slot.
# Neither build has these DLLs in its import table (tests/rules/rule-imports.sh).
DELAY_DLLS := iphlpapi ws2_32 uxtheme
NM       := $(TOOLPREFIX)nm
DLLTOOL  := $(TOOLPREFIX)dlltool
IMP_PFX  := $(if $(filter i686,$(ARCH)),__imp__,__imp_)
DELAY_DEFS := $(patsubst %,$(W)/delay/%.def,$(DELAY_DLLS))
$(W)/delay/%.def:
	@mkdir -p $(@D)
	@{ echo "LIBRARY $*.dll"; echo EXPORTS; \
	   $(NM) $$($(WCC) -print-file-name=lib$*.a) | sed -n 's/^.* I $(IMP_PFX)\([A-Za-z_].*\)$$/\1/p' | sort -u; } > $@
.PRECIOUS: $(W)/delay/%.def
$(W)/delay/lib%-delay.a: $(W)/delay/%.def
	$(DLLTOOL) --input-def $< --dllname $*.dll --output-delaylib $@
# One member a function, so that only the functions called are linked (as from an import library).
$(W)/delay/liblazybind.a: gui/sys/lazybind_i686.awk $(DELAY_DEFS) $(W)/obj/gui/sys/lazybind_i686.o
	rm -rf $(@D)/lazy $@ && mkdir -p $(@D)/lazy
	awk -v out=$(@D)/lazy -f gui/sys/lazybind_i686.awk $(DELAY_DEFS)
	for f in $(@D)/lazy/*.S; do $(TOOLPREFIX)as $$f -o $${f%.S}.o || exit 1; done
	$(TOOLPREFIX)ar rcs $@ $(@D)/lazy/*.o $(W)/obj/gui/sys/lazybind_i686.o
DELAY_LIBS := $(if $(filter i686,$(ARCH)),$(W)/delay/liblazybind.a,$(patsubst %,$(W)/delay/lib%-delay.a,$(DELAY_DLLS)))
EXE_LIBS  = $(filter-out $(patsubst %,-l%,$(DELAY_DLLS)),$(1)) $(DELAY_LIBS)

$(W)/bindfix.exe: $(W_GUI_OBJ) $(W_SYS_OBJ) $(W_CORE_OBJ) $(W)/obj/bindfix_res.o $(DELAY_LIBS)
	$(WCC) $(WLDFLAGS) -mwindows -o $@ $(filter %.o,$^) $(call EXE_LIBS,$(WGUILIBS) $(WLIBS))

$(W)/bindfix-cli.exe: $(W_CLI_OBJ) $(W_SYS_OBJ) $(W_CORE_OBJ) $(W)/obj/cli_res.o $(DELAY_LIBS)
	$(WCC) $(WLDFLAGS) -mconsole -o $@ $(filter %.o,$^) $(call EXE_LIBS,$(WLIBS))

# The two executables alone (make ARCH=i686 exes: the 32-bit build that check-rules checks).
.PHONY: exes
exes: deps-build $(W)/bindfix.exe $(W)/bindfix-cli.exe

# ----------------------------------------------------------------------------------------------
# Test and bench programs (Windows). One source each, tests/{tools,bench}/NAME.c -> $(W)/NAME.exe,
# compiled and linked in one step; PROG holds a program's own flags and libraries (wmain programs need
# -municode); those that drive the system layer list its objects as prerequisites and link them.
define win_prog
@mkdir -p $(@D)
$(WCC) -std=gnu11 -O2 $(WARN) $(DEPFLAGS) -MT $@ -MF $@.d -o $@ $(filter %.c %.o,$^) -static $(PROG)
endef
$(W)/%.exe: tests/tools/%.c ; $(win_prog)
$(W)/%.exe: tests/bench/%.c ; $(win_prog)


# A Windows process that holds a port, for the fixture tests.
$(W)/listen.exe: PROG = -lws2_32
# A protocol service that binds like Exchange's, for the repair tests.
$(W)/testsvc.exe: PROG = -municode -lws2_32 -ladvapi32 -liphlpapi
# Faults made for real under Wine (a registry key that denies writes, a file held open) for check-repair.
$(W)/faults.exe: PROG = -municode -ladvapi32
# The GUI test driver (tests/gui/run-gui-tests.sh): reads bindfix.exe's lists from outside.
$(W)/guidriver.exe: PROG = -g $(INCLUDES) $(WDEFS) -Igui -municode -mconsole -lcomctl32 -luser32 -lgdi32

# The system layer's pieces driven directly on the live Wine machine (tests/sys/sys_selftest.c).
$(W)/sys-selftest.exe: tests/sys/sys_selftest.c $(W_SYS_OBJ) $(W_CORE_OBJ) ; $(win_prog)
$(W)/sys-selftest.exe: PROG = -O1 -g $(INCLUDES) $(WDEFS) $(WLIBS)

# The system layer's parsers on synthetic API answers, written by hand in the documented layout of a
# given Windows version (tests/sys/sys_synthetic.c: XP/2003-length IP Helper structures, the
# GetAdaptersInfo fallback, EVENTLOGRECORDs), netcfg.c against a stand-in INetCfg answering as a Windows
# Server 2003 would (synthetic_netcfg.c), ipconfig.c against IP Helper rows in a Windows Server 2008 R2's
# shape (synthetic_ipconfig.c). Each answer sits in an exact-size allocation before a PAGE_NOACCESS page.
# Three sources: compiled to objects, each with its own .d.
SYNTH_OBJ := $(patsubst %.c,$(W)/obj/%.o,tests/sys/sys_synthetic.c tests/sys/synthetic_netcfg.c \
               tests/sys/synthetic_ipconfig.c tests/sys/synthetic_netcfg_standin.c)
$(W)/obj/tests/sys/%.o: tests/sys/%.c $(W)/obj/tests/sys/%.d
	@mkdir -p $(dir $@)
	$(WCC) -std=gnu11 -O1 -g $(WARN) $(INCLUDES) $(WDEFS) $(DEPFLAGS) -c $< -o $@
$(W)/sys-synthetic.exe: $(SYNTH_OBJ) $(W_SYS_OBJ) $(W_CORE_OBJ)
	$(WCC) -o $@ $^ -static $(WLIBS)

# The windows-rules group (tests/rules/rules.h): every tests/rules/*.c compiled into one runner with the
# system layer and the core; the rule names collected from BF_RULE(...) lines, as the unit tests' are.
RULES_SRC := $(sort $(filter-out tests/rules/planted_%.c,$(wildcard tests/rules/*.c)))
RULES_OBJ := $(patsubst %.c,$(W)/obj/%.o,$(RULES_SRC))
$(W)/obj/tests/rules/%.o: tests/rules/%.c $(W)/obj/tests/rules/%.d | $(GEN)/rules_list.h $(GEN)/events.h
	@mkdir -p $(dir $@)
	$(WCC) -std=gnu11 -O1 -g $(WARN) $(INCLUDES) $(WDEFS) -Itests/core -Itests/rules -Itests/sys $(DEPFLAGS) -c $< -o $@
# (with the stand-ins the rules share with the synthetic tests: synthetic_*_standin.c)
$(W)/rules-tests.exe: $(RULES_OBJ) $(W)/obj/tests/sys/synthetic_netcfg_standin.o $(W)/obj/tests/core/mem_machine.o $(W_SYS_OBJ) $(W_CORE_OBJ)
	$(WCC) -o $@ $^ -static $(WLIBS)
$(W)/plant/iphlpapi.dll: tests/rules/planted_dll.c tests/rules/planted_iphlpapi.def
	@mkdir -p $(@D)
	$(WCC) -O2 $(WARN) -shared -static -o $@ $^
.PHONY: win32-exes
# make check builds it first in its native lane (compiling only, beside the Wine lane) and check-rules
# asks for it again: the lock makes the second wait for the first and find everything built
win32-exes:
	@mkdir -p $(B); flock $(B)/win32-exes.lock $(MAKE) --no-print-directory -j2 ARCH=i686 exes
$(GEN)/rules_list.h: $(RULES_SRC)
	@mkdir -p $(GEN)
	@grep -ho '^BF_RULE([A-Za-z0-9_]*' $(RULES_SRC) /dev/null | sed 's/^BF_RULE(\(.*\)/X(\1)/' > $@.tmp
	@if ! cmp -s $@.tmp $@; then mv $@.tmp $@; else rm -f $@.tmp; fi

# The unit tests, cross-built: the same core code exercised by the Windows C runtime under Wine.
$(W)/unit-tests.exe: $(W_UNIT_OBJ) $(W_CORE_OBJ)
	$(WCC) -static -o $@ $^ $(WLIBS)

# unit tests are plain main(): compile them without -municode
$(W)/obj/tests/core/%.o: tests/core/%.c $(W)/obj/tests/core/%.d | $(GEN)/unit_list.h
	@mkdir -p $(dir $@)
	$(WCC) -std=gnu11 -O1 -g $(WARN) $(INCLUDES) -Itests/core $(DEPFLAGS) -c $< -o $@

# Every BF_TEST(name) in tests/core/*.c, as an X-macro list.
$(GEN)/unit_list.h: $(UNIT_SRC)
	@mkdir -p $(GEN)
	@grep -ho '^BF_TEST([A-Za-z0-9_]*)' $(UNIT_SRC) | sed 's/^BF_TEST(\(.*\))/X(\1)/' > $@.tmp
	@if ! cmp -s $@.tmp $@; then mv $@.tmp $@; else rm -f $@.tmp; fi

# ----------------------------------------------------------------------------------------------
# Native builds of the portable core: one object tree per flavour, each with the flags its programs
# are built with - asan (unit tests under ASan/UBSan), plain (unit tests for valgrind), fuzz
# (libFuzzer with ASan/UBSan, clang), opt (-O2: limits and the diagnosis bench).

nobj = $(patsubst %.c,$(N)/$(1)/%.o,$(2))
$(N)/asan/%.o:  NCC = $(CC_NATIVE) $(CORE_STD) -D_DEFAULT_SOURCE $(NCFLAGS) -Itests/core
$(N)/plain/%.o: NCC = $(CC_NATIVE) $(CORE_STD) -D_DEFAULT_SOURCE $(NPLAINCFLAGS) -Itests/core
$(N)/fuzz/%.o:  NCC = clang -std=c11 -D_DEFAULT_SOURCE -g -O1 -Icore -Itests/core \
                      -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
$(N)/opt/%.o:   NCC = $(CC_NATIVE) $(CORE_STD) -D_DEFAULT_SOURCE -O2 $(WARN) -Icore
define native_cc
@mkdir -p $(@D)
$(NCC) $(DEPFLAGS) -c $< -o $@
endef
$(N)/asan/%.o: %.c | $(GEN)/unit_list.h ; $(native_cc)
$(N)/plain/%.o: %.c | $(GEN)/unit_list.h ; $(native_cc)
$(N)/fuzz/%.o: %.c ; $(native_cc)
$(N)/opt/%.o: %.c ; $(native_cc)

$(N)/unit-tests: $(call nobj,asan,$(CORE_SRC) $(UNIT_SRC))
	$(CC_NATIVE) $(NCFLAGS) -o $@ $^

$(N)/unit-tests-plain: $(call nobj,plain,$(CORE_SRC) $(UNIT_SRC))
	$(CC_NATIVE) $(NPLAINCFLAGS) -o $@ $^

# ----------------------------------------------------------------------------------------------
# Wine

WINE_BIN   := $(shell [ -x /usr/lib/wine/wine64 ] && echo /usr/lib/wine/wine64 || echo wine)
WINEPREFIX_DIR := $(TOPDIR)/$(B)/wineprefix
export BF_WINE := $(WINE_BIN)
export BF_WINEPREFIX := $(WINEPREFIX_DIR)
export BF_BUILD := $(TOPDIR)/$(B)
export BF_TOP := $(TOPDIR)

$(B)/.wineprefix-ok: tests/lib/make-prefix.sh
	@mkdir -p $(B)
	bash tests/lib/make-prefix.sh
	@touch $@

.PHONY: prefix
prefix: $(B)/.wineprefix-ok

# ----------------------------------------------------------------------------------------------
# run

.PHONY: run
run: deps all prefix
	@bash tests/lib/run.sh

# ----------------------------------------------------------------------------------------------
# check

# make check runs two lanes at once, one per core. The Wine lane runs the suites that use Wine one after
# another (they share one Wine prefix, and summarize.sh reads each lane's log in order; only the builds a
# suite needs first run two at a time, CHECK_JOBS=2: no build step uses Wine but the prefix); the native
# lane runs beside it what needs no Wine: the unit tests under ASan/UBSan and under valgrind, the fuzz
# smoke (one target at a time, FUZZ_JOBS=1, so the Wine lane keeps a core) and the docs checks, at the
# lowest priority (nice 19): the Wine lane's desktops, services and clients get the CPU whenever they ask. What the
# native lane runs is built first, so no file is built by both lanes at once. The native lane's output is
# printed when the Wine lane ends; build/check.log holds both, the Wine lane's first. Each target's wall
# time is printed (== took TARGET N s, and a line per target in the summary): a figure for the 20-minute
# budget, never a verdict. The names after the log are the suites that must declare themselves ("== expect
# NAME N"; unit three times: native, valgrind, Wine): one that never starts, or ends with fewer results
# than it declared, fails the check.
CHECK_SUITES := unit unit unit cli sys rules fixtures family dns watch repair pins fleet help report gui fuzz docs
CHECK_NATIVE_TARGETS := win32-exes check-native check-valgrind check-fuzz check-docs
CHECK_WINE_TARGETS := check-wine-unit check-cli check-sys check-rules check-fixtures check-family check-watch check-repair \
                      check-pins check-fleet check-help check-report check-gui
CHECK_TARGETS := $(CHECK_NATIVE_TARGETS) $(CHECK_WINE_TARGETS)
.PHONY: check $(CHECK_TARGETS)
check: deps
	@mkdir -p $(B); $(MAKE) --no-print-directory -j2 $(N)/unit-tests $(N)/unit-tests-plain $(FUZZ_BINS) \
	  >$(B)/check-build.log 2>&1 || cat $(B)/check-build.log; \
	  FUZZ_JOBS=1 MAKE="$(MAKE)" setsid nice -n 19 bash tests/lib/check-lane.sh $(CHECK_NATIVE_TARGETS) >$(B)/check-native.log 2>&1 & \
	  nat=$$!; trap 'kill -TERM -- -$$nat 2>/dev/null' INT TERM; \
	  CHECK_JOBS=2 MAKE="$(MAKE)" bash tests/lib/check-lane.sh $(CHECK_WINE_TARGETS) 2>&1 | tee $(B)/check-wine.log; st=$${PIPESTATUS[0]}; \
	  wait $$nat; nst=$$?; echo "== native lane (ran beside the Wine lane)"; cat $(B)/check-native.log; \
	  cat $(B)/check-build.log $(B)/check-wine.log $(B)/check-native.log >$(B)/check.log; [ $$nst -ne 0 ] && st=$$nst; \
	  bash tests/lib/summarize.sh $(B)/check.log $(CHECK_SUITES); sst=$$?; [ $$st -ne 0 ] && exit $$st; exit $$sst

check-native: $(N)/unit-tests
	@echo "== native unit tests (ASan/UBSan)"
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 $(N)/unit-tests tests

# The same tests without sanitizers under valgrind: no invalid access, no leak in the core.
check-valgrind: $(N)/unit-tests-plain
	@echo "== native unit tests under valgrind"
	valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
	  $(N)/unit-tests-plain tests

check-wine-unit: $(W)/unit-tests.exe prefix
	@echo "== unit tests under Wine"
	bash tests/lib/wine-run.sh --check-crash $(W)/unit-tests.exe tests

check-cli: all prefix
	@echo "== bindfix-cli black-box tests under Wine"
	bash tests/cli/run-cli-tests.sh

# The Win32 system layer against the live Wine machine: real listeners, registry sections, services,
# imports, 10049 in a namespace (as root), synthetic Windows answers.
check-sys: all prefix $(W)/sys-selftest.exe $(W)/sys-synthetic.exe $(W)/listen.exe $(W)/fakenetsh.exe
	@echo "== Win32 system layer on the live Wine machine"
	bash tests/sys/run-sys-tests.sh

# Windows' documented rules that Wine does not enforce, one named test each (tests/rules/rules.h).
# It also builds the 32-bit executables (make ARCH=i686 exes, build/win32/) whose import tables
# tests/rules/rule-imports.sh checks beside the 64-bit ones, and the DLL it plants beside bindfix-cli.exe.
# Opt-in (not in make check: it downloads libwine:i386, 95 MB, and unpacks its 32-bit Windows DLLs, about
# 550 MB, into build/wow64-i386): the 32-bit build run for real under Wine's WoW64 (tests/i686/run-i686.sh).
.PHONY: check-i686
check-i686: all prefix
	@$(MAKE) --no-print-directory ARCH=i686 exes build/win32/unit-tests.exe build/win32/plant/iphlpapi.dll
	@echo "== the 32-bit build under Wine's WoW64 (opt-in)"
	bash tests/i686/run-i686.sh

check-rules: all prefix $(W)/rules-tests.exe $(W)/plant/iphlpapi.dll win32-exes $(W)/testsvc.exe
	@echo "== windows-rules: documented Windows behaviour Wine does not enforce"
	bash tests/rules/run-rules.sh

check-fixtures: all prefix $(W)/listen.exe
	@echo "== live collection on network fixtures (namespaces) under Wine"
	bash tests/e2e/run-fixture-tests.sh

check-family: all prefix
	@echo "== the family order predicted with the policy table, against getaddrinfo under Wine (namespaces)"
	@bash tests/e2e/run-family-tests.sh; st=$$?; \
	  echo "== what DNS publishes for the host's name, against its usable addresses (dnsmasq in a namespace)"; \
	  bash tests/e2e/run-dns-tests.sh && exit $$st

check-watch: all prefix
	@echo "== bindfix-cli watch under Wine while addresses come and go (namespace)"
	bash tests/e2e/run-watch-tests.sh

bench-watch: all prefix
	@bash tests/e2e/run-watch-tests.sh --bench

bench-dns: all prefix
	@bash tests/e2e/run-dns-tests.sh --bench

check-repair: all prefix $(W)/testsvc.exe $(W)/faults.exe $(W)/hold.exe $(W)/listen.exe $(W)/fakenetsh.exe
	@echo "== repair end to end under Wine in a network namespace (as root)"
	bash tests/e2e/run-repair-tests.sh

# A product's own listen setting (DNS Server, SQL Server, Remote Desktop) read, repaired and undone under Wine.
check-pins: all prefix $(W)/testsvc.exe $(W)/hold.exe
	@echo "== products' listen settings end to end under Wine in a network namespace (as root)"
	bash tests/e2e/run-pin-tests.sh

# A fleet of eight namespaces, each with its sshd and Wine prefix, collected, grouped, repaired rolling
# and undone by the shipped Ansible playbooks (res/fleet/) over SSH (as root; issue 17).
check-fleet: all prefix $(W)/testsvc.exe $(W)/hold.exe
	@echo "== the fleet through Ansible (network namespaces, as root)"
	bash tests/fleet/run-fleet-tests.sh

# Every view, dialog, wizard page (res/helptopics.h) and finding ID (core/diagnose.c) has its topic, in
# help/topics/ and inside bindfix.chm (chmls); links resolve; nothing external, no script.
check-help: $(W)/bindfix.chm
	@echo "== help topics and bindfix.chm"
	bash tests/help/run-help-tests.sh $(W)/bindfix.chm

# The HTML report in headless Chromium: screenshot, net log (nothing external), DOM, print to PDF.
check-report: all prefix
	@echo "== the HTML report in Chromium"
	bash tests/report/run-report-tests.sh

# The counts the README quotes (unit tests, scenarios, fuzz targets, ...) against the repository.
check-docs:
	@echo "== README figures against the repository"
	bash tests/lib/check-readme.sh

check-gui: all prefix $(W)/guidriver.exe $(W)/testsvc.exe $(W)/hold.exe $(N)/snapgen
	@echo "== GUI tests under Xvfb and Wine"
	bash tests/gui/run-gui-tests.sh

# ----------------------------------------------------------------------------------------------
# Fuzzing (libFuzzer, clang, natively): one target per parser/writer in tests/fuzz/fuzz_*.c, seed
# corpora in tests/fuzz/corpus/<name>/. `make check` runs each for FUZZ_SMOKE_SECONDS; `make fuzz`
# for FUZZ_SECONDS and prints executions, coverage and crashes per target.

FUZZ_SRC     := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES   := $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRC))
FUZZ_BINS    := $(addprefix $(N)/fuzz-,$(FUZZ_NAMES))
# a smoke run inside make check (which stays under 15 minutes); make fuzz runs longer
FUZZ_SMOKE_SECONDS ?= 20
FUZZ_SECONDS ?= 600

$(FUZZ_BINS): $(N)/fuzz-%: $(N)/fuzz/tests/fuzz/fuzz_%.o $(call nobj,fuzz,$(CORE_SRC) tests/core/fake_system.c tests/core/mem_machine.c)
	clang -fsanitize=fuzzer,address,undefined -o $@ $^

.PHONY: fuzz
check-fuzz: $(FUZZ_BINS)
	@echo "== fuzz smoke: $(FUZZ_SMOKE_SECONDS) s per target, $${FUZZ_JOBS:-2} at a time"
	bash tests/fuzz/run-fuzz.sh $(FUZZ_SMOKE_SECONDS) $(FUZZ_NAMES)

fuzz: deps $(FUZZ_BINS)
	bash tests/fuzz/run-fuzz.sh $(FUZZ_SECONDS) $(FUZZ_NAMES)

# ----------------------------------------------------------------------------------------------
# Reliability: one table (fuzzing, sanitizers and valgrind, hostile names, faults during repairs,
# limits); the README's reliability section quotes it.

$(N)/limits: $(call nobj,opt,tests/reliability/limits.c $(CORE_SRC))
	$(CC_NATIVE) -o $@ $^

.PHONY: reliability
reliability: deps $(FUZZ_BINS) $(N)/unit-tests $(N)/unit-tests-plain $(N)/limits
	@BF_BUILD=$(TOPDIR)/$(B) bash tests/reliability/run-reliability.sh

# ----------------------------------------------------------------------------------------------
# Benchmarks: figures printed side by side with the peer commands (never asserted in tests).

# every bench-* target once: bench-fleet runs bench-fleet-forks' and bench-fleet-console's scripts itself
BENCH_TARGETS := $(filter-out bench-fleet-forks bench-fleet-console,$(filter bench-%,$(shell sed -n 's/^\(bench-[a-z0-9-]*\):.*/\1/p' $(firstword $(MAKEFILE_LIST)))))
.PHONY: bench bench-diagnose bench-probes bench-snapshot bench-restart bench-console bench-fleet bench-fleet-forks bench-fleet-console bench-listen
bench: deps
	@for t in $(BENCH_TARGETS); do echo "== $$t"; $(MAKE) --no-print-directory $$t || exit 1; done

$(N)/bench-diagnose: $(call nobj,opt,tests/bench/bench_diagnose.c $(CORE_SRC))
	$(CC_NATIVE) -o $@ $^

bench-diagnose: $(N)/bench-diagnose
	@$(N)/bench-diagnose

# The synthetic machine as a snapshot file (tests/bench/synthetic.h): the console's benchmark and the GUI
# fixture make theirs with it.
$(N)/snapgen: $(call nobj,opt,tests/bench/snapgen.c $(CORE_SRC))
	$(CC_NATIVE) -o $@ $^

$(W)/bench-probes.exe: tests/bench/bench_probes.c $(W_SYS_OBJ) $(W_CORE_OBJ) ; $(win_prog)
$(W)/bench-probes.exe: PROG = $(INCLUDES) $(WDEFS) $(WLIBS)

# 1,000 probes (10049s, greetings) by bindfix's probe code beside the same work done by a plain loop and
# `wine netstat -ano`, whole processes timed in turn from outside, in a private namespace.
bench-probes: all prefix $(W)/bench-probes.exe
	@bash tests/bench/bench-probes.sh

# The peer of bench-restart polls with the system layer's own interval function (bfsys_service_poll_ms).
$(W)/seqctl.exe: tests/bench/seqctl.c $(W_SYS_OBJ) $(W_CORE_OBJ) ; $(win_prog)
$(W)/seqctl.exe: PROG = $(INCLUDES) $(WDEFS) -municode $(WLIBS)

# An ordinary process that keeps the prefix's services alive while a script runs (tests/tools/hold.c).
$(W)/hold.exe: tests/tools/hold.c

bench-restart: all prefix $(W)/testsvc.exe $(W)/seqctl.exe $(W)/hold.exe
	@bash tests/bench/bench-restart.sh

# The console: first paint of the demo and private bytes after a live scan of fixture 5, beside notepad.exe.
bench-gui: all prefix $(W)/guidriver.exe
	@bash tests/bench/bench-gui.sh

# The console on big snapshots (1x, 4x, 100,000 hosts lines, 100,000 events): first paint, private bytes
# and the UI thread's longest gap, beside the CLI's scan of the same file (issue 25).
bench-console: all prefix $(W)/guidriver.exe $(N)/snapgen
	@bash tests/bench/bench-console.sh

# `bindfix-cli fleet` over 1,000 synthetic snapshots against `scan --snapshot` on each, then the shipped
# collect playbook over namespace servers at forks 1 against forks 5 (issue 17; the second needs root),
# then bench-fleet-console.
bench-fleet: all prefix $(W)/hold.exe $(W)/guidriver.exe
	@bash tests/bench/bench-fleet.sh
	@bash tests/bench/bench-fleet-forks.sh
	@bash tests/bench/bench-fleet-console.sh
# The console opening 200 synthetic snapshots (/demo /fleet DIR): first rows painted, all read, the UI
# thread's longest gap and private bytes, beside `bindfix-cli fleet` over the same folder (issue 17).
bench-fleet-console: all prefix $(W)/guidriver.exe
	@bash tests/bench/bench-fleet-console.sh
bench-fleet-forks: all prefix
	@bash tests/bench/bench-fleet-forks.sh

bench-snapshot: all prefix $(W)/listen.exe
	@bash tests/e2e/run-fixture-tests.sh --bench

# issue 15's collectors' share of a scan, with their sources present and absent
bench-listen: all prefix $(W)/sys-selftest.exe
	@bash tests/bench/bench-listen.sh

# ----------------------------------------------------------------------------------------------

.PHONY: clean
clean:
	rm -rf $(W) $(N) $(GEN)

.PHONY: distclean
distclean:
	rm -rf $(B)

# Each Windows object depends on its own .d, named here as a target without a rule: an object whose .d
# is missing (built before headers were tracked, or the .d lost) is rebuilt, never trusted with stale
# structures (GNU make: a target with no rule that does not exist counts as updated).
W_DEPS := $(patsubst %.o,%.d,$(W_CORE_OBJ) $(W_SYS_OBJ) $(W_CLI_OBJ) $(W_GUI_OBJ) $(W_UNIT_OBJ) $(SYNTH_OBJ) $(RULES_OBJ)) $(W)/obj/gui/sys/lazybind_i686.d
$(W_DEPS):
-include $(wildcard $(W)/*.d $(W)/obj/*.d $(W)/obj/*/*.d $(W)/obj/*/*/*.d $(N)/*/*/*.d $(N)/*/*/*/*.d)
