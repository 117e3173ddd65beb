# Packaging.cmake: what `cmake --install` puts where beyond the programs
# and their man pages (installed next to their targets), and the Debian
# package CPack builds from the same rules:
#
#   cpack -G DEB --config build/CPackConfig.cmake
#
# gives roundtable_VERSION_ARCH.deb. Its contents are checked by the ctest
# test ops.deb-contents (tests/ops/check-deb.sh).

include(GNUInstallDirs)

# The systemd unit. Its Exec lines name /usr/sbin; at install time they
# are rewritten for the real prefix. CPack installs with DESTDIR set, so
# CMAKE_INSTALL_PREFIX is then the package's own prefix.
set(RT_UNIT_SOURCE ${PROJECT_SOURCE_DIR}/conf/roundtabled.service)
set(RT_UNIT_DIR lib/systemd/system CACHE STRING
	"Where the systemd unit goes, under the install prefix")
install(CODE "
	file(READ \"${RT_UNIT_SOURCE}\" rt_unit)
	string(REPLACE \"/usr/sbin/roundtabled\"
		\"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_SBINDIR}/roundtabled\"
		rt_unit \"\${rt_unit}\")
	string(MD5 rt_unit_tag \"\${CMAKE_INSTALL_PREFIX}\")
	set(rt_unit_file
		\"${CMAKE_BINARY_DIR}/unit-\${rt_unit_tag}/roundtabled.service\")
	file(WRITE \"\${rt_unit_file}\" \"\${rt_unit}\")
	file(INSTALL DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${RT_UNIT_DIR}\"
		TYPE FILE FILES \"\${rt_unit_file}\")
")

# The protocol templates, when the engine's are in the tree.
if(EXISTS ${PROJECT_SOURCE_DIR}/conf/protocols)
	install(DIRECTORY ${PROJECT_SOURCE_DIR}/conf/protocols/
		DESTINATION ${CMAKE_INSTALL_DATADIR}/roundtable/protocols
		FILES_MATCHING PATTERN "*.conf")
endif()

# The client's man page, once the client has one (installing it twice,
# if the client's own rules do too, is harmless).
if(EXISTS ${PROJECT_SOURCE_DIR}/client/roundtable.1)
	install(FILES ${PROJECT_SOURCE_DIR}/client/roundtable.1
		DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

# The operator's guide.
install(FILES ${PROJECT_SOURCE_DIR}/docs/OPERATIONS.md
	DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The Debian package.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME roundtable)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "Roundtable")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
	"structured discussion server (roundtabled) and terminal client")
set(CPACK_PACKAGE_DESCRIPTION
	"Roundtable runs timed discussion protocols for think tanks, professional\n\
learning communities and affinity spaces: roundtabled is the TLS server,\n\
roundtable the terminal client.")
set(RT_PACKAGE_MAINTAINER "Roundtable maintainers <roundtable@localhost>"
	CACHE STRING "The Maintainer field of the Debian package")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${RT_PACKAGE_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

# Dependencies: worked out from the shared libraries the programs link
# when dpkg-shlibdeps is there, else the Debian 12 names.
find_program(RT_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(RT_DPKG_SHLIBDEPS)
	set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
	set(CPACK_DEBIAN_PACKAGE_DEPENDS "libc6 (>= 2.36), \
libevent-2.1-7 (>= 2.1.12), libevent-core-2.1-7 (>= 2.1.12), \
libevent-extra-2.1-7 (>= 2.1.12), libevent-openssl-2.1-7 (>= 2.1.12), \
libssl3 (>= 3.0), libsqlite3-0 (>= 3.40), libmsgpackc2 (>= 4.0), \
libsodium23 (>= 1.0.18), libinih1 (>= 55), libjansson4 (>= 2.14), \
libsystemd0 (>= 252), libncursesw6 (>= 6.4), libtinfo6 (>= 6.4)")
endif()

# Reload systemd after installing or removing the unit.
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
	${PROJECT_SOURCE_DIR}/cmake/deb/postinst
	${PROJECT_SOURCE_DIR}/cmake/deb/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
