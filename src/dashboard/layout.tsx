/** The HTML frame of every dashboard page, the login form and plain message pages. */
import type { Child, FC } from 'hono/jsx'

/** The page frame; `signedIn` adds the sign-out button. */
export const Layout: FC<{ title: string; signedIn?: boolean; children?: Child }> = (props) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="referrer" content="no-referrer" />
      <title>{props.title} · livecast-relay</title>
      <link rel="stylesheet" href="/dashboard/style.css" />
    </head>
    <body>
      <header>
        <h1>livecast-relay</h1>
        {props.signedIn && (
          <form class="inline" method="post" action="/dashboard/logout">
            <button type="submit">Sign out</button>
          </form>
        )}
      </header>
      <main>{props.children}</main>
    </body>
  </html>
)

/** The sign-in form; the token travels in the POST body, never in the URL. */
export const LoginPage: FC<{ failed?: boolean }> = ({ failed }) => (
  <Layout title="Sign in">
    <section class="login">
      <h2>Sign in</h2>
      {failed && (
        <p class="problem" role="alert">
          That is not the admin token.
        </p>
      )}
      <form method="post" action="/dashboard/login">
        <label for="token">Admin token</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="current-password"
          required
          autofocus
        />
        <button type="submit">Sign in</button>
      </form>
      <p class="muted">
        Or send HTTP Basic credentials with the admin token as the password (any user name).
      </p>
    </section>
  </Layout>
)

/** A short page for errors and configuration problems. */
export const MessagePage: FC<{ title: string; message: string }> = ({ title, message }) => (
  <Layout title={title}>
    <h2>{title}</h2>
    <p class="problem">{message}</p>
    <p>
      <a href="/dashboard">Back to the dashboard</a>
    </p>
  </Layout>
)
