import { createServer } from 'node:http'
import { WebSocketServer } from 'ws'

/**
 * The baseline for the broadcast section: a bare `ws` server that sends a
 * POSTed payload to every connected socket, nothing else (no auth, no log,
 * no subscriptions).
 */
const wss = new WebSocketServer({ noServer: true })
const server = createServer((req, res) => {
  if (req.url === '/health') { res.end('ok'); return }
  if (req.method === 'POST' && req.url === '/broadcast') {
    let body = ''
    req.on('data', c => { body += c })
    req.on('end', () => {
      for (const socket of wss.clients) socket.send(body)
      res.end()
    })
    return
  }
  res.statusCode = 404
  res.end()
})
server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, ws => wss.emit('connection', ws, req)))
server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1')
