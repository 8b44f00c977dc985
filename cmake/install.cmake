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
file(GLOB TS_INSTALL_SCENARIOS CONFIGURE_DEPENDS scenarios/*.json) # with tiersim.schema.json
install(FILES ${TS_INSTALL_SCENARIOS} DESTINATION ${TS_INSTALL_DATADIR}/scenarios)
install(DIRECTORY scenarios/teaching scenarios/templates scenarios/bench
        DESTINATION ${TS_INSTALL_DATADIR}/scenarios)
file(GLOB TS_INSTALL_DOCS CONFIGURE_DEPENDS docs/*.md)
install(FILES README.md ${TS_INSTALL_DOCS} DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES packaging/tiersim.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME tiersim)
