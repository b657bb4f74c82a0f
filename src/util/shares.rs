//! Parallel work in which each thread keeps something of its own from item to item (a
//! highlighter's cache of parsed lines, which cannot cross threads): one worker per thread,
//! each with its own state, taking small shares of consecutive items from a common queue until
//! none are left.
//!
//! Small shares keep both processors busy to the end (a thread that drew slow items takes
//! fewer shares), and a worker's state lasts for all the shares it takes, so what it learnt
//! from one share serves the next.

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

/// How many shares each thread's items are cut into: enough that the last one to finish is
/// short, few enough that taking one costs nothing.
const SHARES_PER_THREAD: usize = 32;

/// `f` applied to every item, in parallel, in the items' order. Each worker makes its state
/// with `init` once and hands it to `f` for every item it takes.
pub fn map_with_state<T, S, R>(
    items: &[T],
    init: impl Fn() -> S + Sync,
    f: impl Fn(&S, &T) -> R + Sync,
) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    let threads = rayon::current_num_threads().max(1);
    let share = items.len().div_ceil(threads * SHARES_PER_THREAD).max(1);
    let shares: Vec<&[T]> = items.chunks(share).collect();
    let next = AtomicUsize::new(0);
    let workers = threads.min(shares.len());
    let done: Vec<Vec<(usize, Vec<R>)>> = (0..workers)
        .into_par_iter()
        .map(|_| {
            let state = init();
            let mut taken = Vec::new();
            loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(items) = shares.get(k) else {
                    break taken;
                };
                taken.push((k, items.iter().map(|item| f(&state, item)).collect()));
            }
        })
        .collect();
    let mut taken: Vec<(usize, Vec<R>)> = done.into_iter().flatten().collect();
    taken.sort_unstable_by_key(|(k, _)| *k);
    taken.into_iter().flat_map(|(_, results)| results).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn results_keep_the_items_order_and_every_item_is_done_once() {
        let items: Vec<usize> = (0..1000).collect();
        let squares = map_with_state(&items, || (), |_, &i| i * i);
        assert_eq!(squares, items.iter().map(|i| i * i).collect::<Vec<_>>());
        assert!(map_with_state(&[] as &[usize], || (), |_, &i| i).is_empty());
    }

    #[test]
    fn each_worker_keeps_its_state_across_the_shares_it_takes() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let items: Vec<usize> = (0..640).collect();
        // The state counts the items its worker did; no more states are made than threads.
        let made = AtomicUsize::new(0);
        let seen = pool.install(|| {
            map_with_state(
                &items,
                || {
                    made.fetch_add(1, Ordering::Relaxed);
                    Cell::new(0usize)
                },
                |done, _| {
                    done.set(done.get() + 1);
                    done.get()
                },
            )
        });
        let makes = made.load(Ordering::Relaxed);
        assert!((1..=2).contains(&makes), "{makes} states");
        // Between them, the workers counted every item: the counts reach past one share.
        assert!(seen.iter().any(|&n| n > 640 / 64), "{:?}", &seen[..20]);
    }
}
