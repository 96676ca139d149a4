import './styles/first-screen'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App, startApp } from './app'

const root = document.getElementById('root')
if (!root) throw new Error('index.html must contain <div id="root">')

const clients = startApp()
// Drawn in the next task: tRPC sends its batch from a zero-delay timer, queued just now by startApp, so
// the session check leaves before the first render (a long task on a phone) rather than after it.
setTimeout(() => {
  createRoot(root).render(
    <StrictMode>
      <App {...clients} />
    </StrictMode>,
  )
}, 0)
