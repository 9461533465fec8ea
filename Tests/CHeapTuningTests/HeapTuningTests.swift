import CHeapTuning
import Testing

#if canImport(Glibc)
    import Glibc

    // `tw_heap_prefer_huge_pages` itself is tested through the binary (CLITests: `simulate
    // --timing` reports whether its heap is marked): it acts on the main thread's heap, and
    // test bodies run on other threads, whose malloc arenas are mappings of their own.
    @Suite struct HeapTuningTests {
        @Test func aMappingAdvisedForHugePagesIsMarked() throws {
            let length = 4 << 20
            let mapping = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            let address = try #require(mapping == MAP_FAILED ? nil : mapping)
            defer { munmap(address, length) }
            #expect(tw_heap_is_marked_huge(address) == 0)
            try #require(madvise(address, length, MADV_HUGEPAGE) == 0)
            #expect(tw_heap_is_marked_huge(address) == 1)
            #expect(tw_heap_is_marked_huge(address + length - 1) == 1)
        }

        @Test func anAddressOutsideEveryMappingCannotBeRead() {
            #expect(tw_heap_is_marked_huge(UnsafeRawPointer(bitPattern: 0x10)) == -1)
        }
    }
#endif
