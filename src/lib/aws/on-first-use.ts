/**
 * Something made on its first call (an AWS client, with the SDK it is built
 * from) and the same one returned to every later call, with a way to
 * dispose of it. A Lambda cold start then loads and builds only the clients
 * its first request uses.
 */
export interface OnFirstUse<T> {
  (): Promise<T>
  /** Dispose of it now if it was made, or as soon as it is if it is being made; later calls reject. */
  destroy: () => void
}

export function onFirstUse<T> (make: () => Promise<T>, dispose: (made: T) => void): OnFirstUse<T> {
  let making: Promise<T> | undefined
  let made: { value: T } | undefined
  let destroyed = false
  const get = async (): Promise<T> => {
    if (destroyed) throw new Error('the AWS clients were destroyed')
    if (made !== undefined) return made.value
    making ??= make().then((value) => {
      made = { value }
      if (destroyed) dispose(value)
      return value
    }, (err: unknown) => {
      // A failed load or construction is tried again by the next caller.
      making = undefined
      throw err
    })
    return making
  }
  get.destroy = () => {
    if (destroyed) return
    destroyed = true
    if (made !== undefined) dispose(made.value)
  }
  return get
}
