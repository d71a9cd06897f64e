import { LRUCache } from 'lru-cache'

/**
 * An LRU cache that is made on its first write. lru-cache allocates its
 * whole capacity up front, and with a TTL that took some 25 ms for 50,000
 * entries: on a Lambda cold start, paid before the first request whether or
 * not any request touches the cache. Until the first write every read finds
 * nothing, as it would in the empty cache.
 */
export function lazyLruCache<K extends {}, V extends {}> (options: LRUCache.Options<K, V, unknown>) {
  let cache: LRUCache<K, V> | undefined
  return {
    get: (key: K): V | undefined => cache?.get(key),
    set (key: K, value: V): void {
      (cache ??= new LRUCache<K, V>(options)).set(key, value)
    },
    delete: (key: K): boolean => cache?.delete(key) ?? false,
    * entries (): Generator<[K, V]> {
      if (cache !== undefined) yield * cache.entries()
    }
  }
}
