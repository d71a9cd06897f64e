import { monitorEventLoopDelay } from 'node:perf_hooks'

/**
 * Preloaded (`node --import ./bench/soak-probe.ts …`) into the processes the
 * soak runs: every 5 s it sends the parent its RSS, heap and event-loop
 * delay (p99 and max over those 5 s) over the IPC channel. Not part of the
 * service; nothing is sent without a parent listening.
 */
if (typeof process.send === 'function') {
  const delay = monitorEventLoopDelay({ resolution: 10 })
  delay.enable()
  setInterval(() => {
    const memory = process.memoryUsage()
    process.send?.({
      probe: true,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      loopP99Ms: delay.percentile(99) / 1e6,
      loopMaxMs: delay.max / 1e6
    })
    delay.reset()
  }, 5_000).unref()
}
