#ifndef MODELTOP_CNCURSESW_SHIM_H
#define MODELTOP_CNCURSESW_SHIM_H

// Wide-character ncurses: these must be defined before the header is included.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncursesw/curses.h>

#endif
