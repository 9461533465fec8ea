#define _GNU_SOURCE
#include "heap_tuning.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#define TW_HUGE_PAGE (2u << 20)

static const void *advised_start = NULL;

const void *tw_heap_huge_start(void) { return advised_start; }

int tw_heap_prefer_huge_pages(size_t reserve) {
#if defined(__GLIBC__) && defined(__linux__) && defined(MADV_HUGEPAGE)
    // glibc caps the mmap threshold at 32 MiB on 64-bit; above it mallopt fails.
    size_t threshold = reserve < (32u << 20) ? reserve : (32u << 20);
    if (!mallopt(M_MMAP_THRESHOLD, (int)threshold)) return 0;
    // Trimmed memory would come back on small pages (a new mapping without the advice).
    mallopt(M_TRIM_THRESHOLD, INT32_MAX);
    mallopt(M_TOP_PAD, (int)reserve);
    // Grow the heap now, by `reserve` and more, so that one advice covers what the run uses.
    void *start = sbrk(0);
    // `volatile`: the compiler may otherwise drop an unused malloc/free pair.
    void *volatile block = malloc(threshold / 2);
    if (block == NULL) return 0;
    free(block);
    void *end = sbrk(0);
    if (start == (void *)-1 || end == (void *)-1 || end <= start) return 0;
    uintptr_t from = ((uintptr_t)start + TW_HUGE_PAGE - 1) & ~(uintptr_t)(TW_HUGE_PAGE - 1);
    uintptr_t to = (uintptr_t)end & ~(uintptr_t)(TW_HUGE_PAGE - 1);
    if (to <= from) return 0;
    if (madvise((void *)from, to - from, MADV_HUGEPAGE) != 0) return 0;
    advised_start = (const void *)from;
    return 1;
#else
    (void)reserve;
    return 0;
#endif
}

int tw_heap_is_marked_huge(const void *address) {
    FILE *smaps = fopen("/proc/self/smaps", "r");
    if (smaps == NULL) return -1;
    char line[512];
    int inside = 0, result = -1;
    uintptr_t at = (uintptr_t)address;
    while (fgets(line, sizeof line, smaps) != NULL) {
        unsigned long from, to;
        // A mapping's first line: "from-to perms offset dev inode path".
        if (sscanf(line, "%lx-%lx ", &from, &to) == 2 && strchr(line, '-') < strchr(line, ' ')) {
            inside = at >= from && at < to;
            continue;
        }
        if (inside && strncmp(line, "VmFlags:", 8) == 0) {
            result = strstr(line, " hg") != NULL ? 1 : 0;
            break;
        }
    }
    fclose(smaps);
    return result;
}
