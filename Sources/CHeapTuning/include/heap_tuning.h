#ifndef TOOLWRIGHT_HEAP_TUNING_H
#define TOOLWRIGHT_HEAP_TUNING_H

#include <stddef.h>

// One-shot commands (`check`, `simulate`, `cost`) allocate a few tens of megabytes, keep most
// of it to the end and exit. Their heap then pays for a page fault per 4 KiB page first
// touched. This asks glibc's malloc to grow the heap in steps of `reserve` bytes, to serve
// large blocks from the heap too, and never to hand memory back, and asks the kernel to back
// that heap with transparent huge pages where it does them on request: about half the page
// faults and fewer TLB misses. Not for the language server, which runs all day and should
// give memory back. Returns 1 when the heap was marked for huge pages, 0 when not (another
// libc, no THP, or a failed call); the malloc settings hold either way on glibc.
int tw_heap_prefer_huge_pages(size_t reserve);

// The start of the heap range that `tw_heap_prefer_huge_pages` advised, or NULL (not called,
// or it returned 0).
const void *tw_heap_huge_start(void);

// Whether the heap region containing `address` is marked for huge pages (its VmFlags in
// /proc/self/smaps have `hg`): -1 when that cannot be read.
int tw_heap_is_marked_huge(const void *address);

#endif
