# install.cmake — installing tiersim like a Debian tool, and its .deb.
# Included at the end of CMakeLists.txt. docs/installing.md describes the result:
#   bin/tiersim
#   share/tiersim/rules/*.json                        the rulebooks
#   share/tiersim/scenarios/                          examples, teaching/, templates/,
#                                                     bench/, tiersim.schema.json
#   share/doc/tiersim/                                README.md, docs/*.md
#   share/man/man1/tiersim.1.gz                       generated with help2man (if found)
#   share/bash-completion/completions/tiersim
# cmake --install build [--prefix DIR]; cpack -G DEB (or the "package" target)
# from the build folder makes tiersim_<version>_<arch>.deb for /usr.
include(GNUInstallDirs)

set(TS_INSTALL_DATADIR ${CMAKE_INSTALL_DATADIR}/tiersim)

# An installed binary finds the rulebooks relative to itself (ts_rules_dir in
# sim/load/rulebook.c), so the install prefix can move.
file(RELATIVE_PATH TS_INSTALL_RULES_REL ${CMAKE_INSTALL_FULL_BINDIR}
     ${CMAKE_INSTALL_FULL_DATADIR}/tiersim/rules)
target_compile_definitions(ts_load PRIVATE TS_INSTALL_RULES_REL="${TS_INSTALL_RULES_REL}")

install(TARGETS tiersim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY models/rules/ DESTINATION ${TS_INSTALL_DATADIR}/rules
        FILES_MATCHING PATTERN "*.json")
install(DIRECTORY models/exports/ DESTINATION ${TS_INSTALL_DATADIR}/exports
        FILES_MATCHING PATTERN "*.json")
file(GLOB TS_INSTALL_SCENARIOS CONFIGURE_DEPENDS scenarios/*.json) # with tiersim.schema.json
install(FILES ${TS_INSTALL_SCENARIOS} DESTINATION ${TS_INSTALL_DATADIR}/scenarios)
install(DIRECTORY scenarios/teaching scenarios/templates scenarios/bench
        DESTINATION ${TS_INSTALL_DATADIR}/scenarios)
file(GLOB TS_INSTALL_DOCS CONFIGURE_DEPENDS docs/*.md)
install(FILES README.md ${TS_INSTALL_DOCS} DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES packaging/tiersim.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME tiersim)

# The man page, from the --help texts (packaging/manpage.sh). Without help2man
# the build goes on without it.
option(TS_MANPAGE "Generate and install the man page tiersim.1 (needs help2man)" ON)
find_program(HELP2MAN help2man)
find_program(GZIP_PROGRAM gzip)
if(TS_MANPAGE AND HELP2MAN)
  set(TS_MAN ${CMAKE_BINARY_DIR}/tiersim.1)
  set(TS_MAN_OUTPUTS ${TS_MAN})
  if(GZIP_PROGRAM)
    list(APPEND TS_MAN_OUTPUTS ${TS_MAN}.gz)
  endif()
  add_custom_command(OUTPUT ${TS_MAN_OUTPUTS}
      COMMAND bash ${CMAKE_SOURCE_DIR}/packaging/manpage.sh $<TARGET_FILE:tiersim> ${HELP2MAN}
              ${CMAKE_SOURCE_DIR}/packaging/tiersim.h2m ${TS_MAN} ${GZIP_PROGRAM}
      DEPENDS tiersim ${CMAKE_SOURCE_DIR}/packaging/manpage.sh ${CMAKE_SOURCE_DIR}/packaging/tiersim.h2m
      COMMENT "Generating the man page tiersim.1 with help2man"
      VERBATIM)
  add_custom_target(manpage ALL DEPENDS ${TS_MAN_OUTPUTS})
  if(GZIP_PROGRAM)
    install(FILES ${TS_MAN}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  else()
    install(FILES ${TS_MAN} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  endif()
elseif(TS_MANPAGE)
  message(NOTICE "tiersim: help2man not found: the man page (tiersim.1) is skipped; "
                 "apt-get install help2man to build it")
endif()

# tests/install.sh installs into a temporary prefix and builds the .deb
if(TEST install)
  set_tests_properties(install PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
endif()

# The Debian package (CPack): cpack -G DEB in the build folder.
set(CPACK_PACKAGE_NAME tiersim)
set(CPACK_PACKAGE_VENDOR "tiersim developers")
set(CPACK_PACKAGE_CONTACT "tiersim developers <dev@tiersim.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Monte Carlo what-if simulator for marketplace seller service tiers")
# the long description (CPack puts the summary line before it and indents it)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "tiersim reads a JSON scenario of a marketplace shop (order volume and peaks,
gift tiers, warehouse capacity and carriers, defect and dispute probabilities,
feedback timing) and simulates it thousands of times to give, for every
evaluation day, the distribution of the bad-experience order rate and the
probability of each seller service tier under the rules of AliExpress, Amazon,
eBay or Taobao. Example and teaching scenarios are in /usr/share/tiersim.")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # tiersim_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# plots need gnuplot (and the CJK font for --lang zh); runs work without them
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnuplot-nox | gnuplot, fonts-noto-cjk")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion")
# Depends from the libraries the binary links, found by dpkg-shlibdeps
# (dpkg-dev): libc6, libcjson1, libcsv3, libgsl27 on bookworm (libgsl27 brings
# libgslcblas0); without dpkg-shlibdeps, the bookworm names.
find_program(DPKG_SHLIBDEPS dpkg-shlibdeps)
if(DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libc6, libgsl27, libgslcblas0, libcjson1, libcsv3")
endif()
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git" "/build[^/]*/" "/results/")
include(CPack)
