import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, chown, cp, mkdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { StartupError } from '../startup-errors.ts'

const DATABASE = 'teamtrek'
const PASSWORD = 'postgres'
const run = promisify(execFile)

export interface EmbeddedDatabase {
  url: string
  /** Where the cluster's files are (normally `<DATA_DIR>/postgres`). */
  directory: string
  stop: () => Promise<void>
}

interface Account { uid: number, gid: number }
interface Binaries { postgres: string, initdb: string }

/**
 * A real PostgreSQL cluster, run from the binaries the embedded-postgres
 * packages ship (chosen over PGlite, whose socket server takes one
 * connection at a time, which a pg.Pool cannot share).
 *
 * Postgres refuses to run as root, so as root (containers, CI, a clone under
 * /root) it runs as the `postgres` system user, created if missing. That
 * user must reach the binaries and the cluster's folder: when the checkout
 * sits in a folder it cannot enter (/root is 0700), the binaries are copied
 * once to a root-owned folder under the system temp dir, and the cluster
 * lives in a per-checkout folder there instead of `<DATA_DIR>/postgres`.
 */
export async function startEmbeddedPostgres (dataDir: string, port: number): Promise<EmbeddedDatabase> {
  const account = await serviceAccount()
  const binaries = await reachableBinaries(await packagedBinaries(), account)
  const directory = await clusterDirectory(dataDir, account)
  if (!existsSync(path.join(directory, 'PG_VERSION'))) await initialise(binaries, directory, account)
  const server = await startServer(binaries, directory, port, account)
  try {
    await createDatabase(port)
  } catch (err) {
    await server.stop()
    throw err
  }
  return { url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`, directory, stop: server.stop }
}

async function packagedBinaries (): Promise<Binaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform
  const name = `@embedded-postgres/${platform}-${process.arch}`
  try {
    return await import(name) as Binaries
  } catch (err) {
    throw new StartupError(`No embedded Postgres for ${platform}-${process.arch} (${name} is not installed): run npm install, or set DATABASE_URL to a Postgres of your own`, { cause: err })
  }
}

async function serviceAccount (): Promise<Account | undefined> {
  if (process.getuid?.() !== 0) return undefined
  const lookup = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout)
  })
  try {
    return await lookup()
  } catch {
    try {
      await run('groupadd', ['--system', 'postgres']).catch(() => undefined)
      await run('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres'])
      return await lookup()
    } catch (err) {
      throw new StartupError('Running as root, the embedded Postgres needs a `postgres` user and could not create one: create it (useradd --system postgres), or set DATABASE_URL', { cause: err })
    }
  }
}

/** Whether `account` can enter every folder down to `dir` (owner, group or others execute bit). */
async function canReach (dir: string, account: Account): Promise<boolean> {
  const parts = path.resolve(dir).split(path.sep)
  for (let i = 1; i <= parts.length; i++) {
    const current = parts.slice(0, i).join(path.sep) || path.sep
    let info
    try {
      info = await stat(current)
    } catch {
      return false
    }
    const bit = info.uid === account.uid ? 0o100 : info.gid === account.gid ? 0o010 : 0o001
    if ((info.mode & bit) === 0) return false
  }
  return true
}

/** A folder root made and nobody else can write: safe to run binaries from or keep data in. */
async function ownedByRootAlone (dir: string): Promise<boolean> {
  const info = await stat(dir).catch(() => undefined)
  return info !== undefined && info.isDirectory() && info.uid === 0 && (info.mode & 0o022) === 0
}

async function reachableBinaries (binaries: Binaries, account: Account | undefined): Promise<Binaries> {
  const native = path.dirname(path.dirname(binaries.postgres))
  if (account === undefined || await canReach(native, account)) return binaries
  const { version } = JSON.parse(await readFile(path.join(native, '..', 'package.json'), 'utf8')) as { version: string }
  const target = path.join(tmpdir(), `teamtrek-postgres-${version}-${process.platform}-${process.arch}`)
  const complete = path.join(target, '.complete')
  if (!existsSync(complete) || !await ownedByRootAlone(target)) {
    await rm(target, { recursive: true, force: true })
    const staging = `${target}.${process.pid}.${randomBytes(4).toString('hex')}`
    await cp(native, staging, { recursive: true, verbatimSymlinks: true })
    await chmod(staging, 0o755)
    await writeFile(path.join(staging, '.complete'), `${native}\n`)
    try {
      await rename(staging, target)
    } catch (err) {
      // Another start copied it at the same moment: theirs will do.
      await rm(staging, { recursive: true, force: true })
      if (!existsSync(complete)) throw err
    }
  }
  if (!await canReach(target, account)) {
    throw new StartupError(`The postgres user cannot reach ${target}: set TMPDIR to a folder every user can enter, or set DATABASE_URL`)
  }
  return { postgres: path.join(target, 'bin', 'postgres'), initdb: path.join(target, 'bin', 'initdb') }
}

async function clusterDirectory (dataDir: string, account: Account | undefined): Promise<string> {
  const wanted = path.resolve(dataDir, 'postgres')
  await mkdir(path.dirname(wanted), { recursive: true })
  let directory = wanted
  if (account !== undefined) {
    if (await canReach(path.dirname(path.dirname(wanted)), account)) {
      // DATA_DIR itself is ours to open up to the postgres user.
      await chmod(path.dirname(wanted), 0o755)
    } else {
      const key = createHash('sha256').update(wanted).digest('hex').slice(0, 16)
      const home = path.join(tmpdir(), `teamtrek-data-${key}`)
      await mkdir(home, { recursive: true, mode: 0o755 })
      if (!await ownedByRootAlone(home)) throw new StartupError(`${home} is not root's alone: remove it, or set DATABASE_URL`)
      directory = path.join(home, 'postgres')
    }
  }
  await mkdir(directory, { recursive: true, mode: 0o700 })
  if (account !== undefined) await chown(directory, account.uid, account.gid)
  return directory
}

async function bestLocale (): Promise<string> {
  if (process.platform === 'win32') return 'C'
  try {
    const available = new Set((await run('locale', ['-a'])).stdout.split(/\r?\n/).map(l => l.trim()))
    return ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8', 'C.utf8'].find(l => available.has(l)) ?? 'C'
  } catch {
    return 'C'
  }
}

function spawnAs (file: string, args: string[], account: Account | undefined, locale: string): ChildProcess {
  return spawn(file, args, {
    ...(account ?? {}),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: locale }
  })
}

async function initialise (binaries: Binaries, directory: string, account: Account | undefined): Promise<void> {
  const locale = await bestLocale()
  const passwordFile = path.join(tmpdir(), `teamtrek-pg-password-${randomBytes(6).toString('hex')}`)
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 })
  if (account !== undefined) await chown(passwordFile, account.uid, account.gid)
  try {
    const child = spawnAs(binaries.initdb, [
      `--pgdata=${directory}`, '--auth=password', '--username=postgres', `--pwfile=${passwordFile}`,
      '--encoding=UTF8', `--locale=${locale}`
    ], account, locale)
    let output = ''
    child.stdout?.on('data', chunk => { output += chunk })
    child.stderr?.on('data', chunk => { output += chunk })
    await new Promise<void>((resolve, reject) => {
      child.once('error', err => reject(new StartupError(`Cannot run ${binaries.initdb} (${(err as NodeJS.ErrnoException).code}): run npm install again, or set DATABASE_URL`, { cause: err })))
      child.once('close', code => code === 0
        ? resolve()
        : reject(new StartupError(`Creating the embedded database in ${directory} failed: ${lastLine(output)}. Remove that folder and start again, or set DATABASE_URL`)))
    })
  } finally {
    await unlink(passwordFile).catch(() => undefined)
  }
}

function lastLine (output: string): string {
  const lines = output.split('\n').map(l => l.trim()).filter(Boolean)
  return lines.findLast(l => /FATAL|ERROR|error/.test(l)) ?? lines.at(-1) ?? 'no output'
}

/** Why Postgres stopped before it was ready, as one line saying what to do. */
function startFailure (output: string, directory: string, port: number): StartupError {
  const pid = /another postmaster \(PID (\d+)\)/.exec(output)?.[1]
  if (/lock file "postmaster\.pid" already exists/.test(output)) {
    return new StartupError(`The embedded database in ${directory} is in use by another process${pid ? ` (PID ${pid})` : ''}, probably another \`npm start\` in this checkout: stop that one first, or give this one its own DATA_DIR and EMBEDDED_POSTGRES_PORT`)
  }
  if (/Address already in use|could not bind|could not create any TCP\/IP sockets|\.s\.PGSQL\.\d+\.lock/.test(output)) {
    return new StartupError(`Port ${port} for the embedded database is in use: stop what listens there, or set EMBEDDED_POSTGRES_PORT to a free port`)
  }
  return new StartupError(`The embedded database in ${directory} did not start: ${lastLine(output)}`)
}

async function startServer (binaries: Binaries, directory: string, port: number, account: Account | undefined) {
  const locale = await bestLocale()
  // In the server's process group, so whatever stops the group (Ctrl-C, a
  // supervisor) stops Postgres with it.
  const child = spawnAs(binaries.postgres, ['-D', directory, '-p', String(port)], account, locale)
  let output = ''
  const stopOnExit = () => { child.kill('SIGINT') }
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new StartupError(`The embedded database did not start within 60 s: ${lastLine(output)}`))
    }, 60_000)
    child.stderr?.on('data', chunk => {
      output += chunk
      if (output.includes('database system is ready to accept connections')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.stdout?.on('data', chunk => { output += chunk })
    child.once('error', err => {
      clearTimeout(timer)
      reject(new StartupError(`Cannot run ${binaries.postgres} (${(err as NodeJS.ErrnoException).code}): run npm install again, or set DATABASE_URL`, { cause: err }))
    })
    child.once('exit', () => {
      clearTimeout(timer)
      reject(startFailure(output, directory, port))
    })
  })
  // Output no one reads must not fill the pipe and stall Postgres.
  child.stderr?.removeAllListeners('data')
  child.stderr?.resume()
  child.stdout?.resume()
  process.once('exit', stopOnExit)
  return {
    async stop () {
      process.removeListener('exit', stopOnExit)
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise(resolve => child.once('exit', resolve))
      child.kill('SIGINT')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
    }
  }
}

async function createDatabase (port: number): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: PASSWORD, database: 'postgres' })
  await client.connect()
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [DATABASE])
    if (rowCount === 0) await client.query(`create database ${client.escapeIdentifier(DATABASE)}`)
  } finally {
    await client.end()
  }
}
