//! Giving memory back to the system between the build's stages.

/// Returns to the system the memory a stage freed, on every thread. mimalloc keeps a
/// thread's freed pages for that thread to reuse and gives them back only as the thread
/// allocates again, so at 100,000 prisons the hundreds of megabytes the content pages and
/// the lists made and dropped on rayon's threads stayed resident under the peaks of the
/// single-threaded outputs after them (benches/README.md, "Sixth pass").
pub fn release() {
    rayon::broadcast(|_| collect());
    collect();
}

fn collect() {
    // SAFETY: `mi_collect` takes no pointers; it only frees pages of the calling thread's
    // heap that hold no live allocation. Where mimalloc is not the global allocator (the
    // tests), its heaps are empty and this does nothing.
    unsafe { libmimalloc_sys::mi_collect(true) }
}
