package studio.magi.engine;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * The C heap libtorch's tensors live in. By default glibc maps each block of 128 KB or more on its own and gives it back
 * to the kernel when freed, and trims the heap's free top as soon as it passes 128 KB; every activation of a DiT
 * pass is that large, so each new tensor starts on fresh pages and pays a page fault per 4 KB of them (9,000 to 12,000
 * faults a chunk of the nano model, a tenth of its time). Kept in the heap, the next pass reuses the blocks the last
 * one freed (under 800 faults a chunk).
 */
final class NativeHeap {
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_THRESHOLD = -3;
    private static final int KEEP_BLOCKS_UP_TO = 32 << 20;
    private static final int KEEP_FREE_TOP_UP_TO = 64 << 20;

    private NativeHeap() {
    }

    /** Tells glibc to keep freed tensor memory for reuse; elsewhere (macOS, Windows, other C libraries) does nothing. */
    static void keepFreedBlocks() {
        if (!Platform.isLinux()) {
            return;
        }
        try {
            var mallopt = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("mallopt");
            mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, KEEP_BLOCKS_UP_TO});
            mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, KEEP_FREE_TOP_UP_TO});
        } catch (UnsatisfiedLinkError e) {
            // A C library without mallopt keeps its own policy: slower, not wrong.
        }
    }
}
