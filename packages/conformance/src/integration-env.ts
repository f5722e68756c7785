// The environment contract between the kit and an integration it starts: the PLEO_* variables
// (the API and who the integration is, its webhook port, subscription and secret, the poll
// ceiling, the state file that survives a restart, and the OAuth client and tokens). One home for
// `conform`'s scenarios and for `race --cmd`'s instances, which differ only in the values: each
// instance of a race has its own API key of the same company, port, subscription and state file.
import { oauthRedirectUri, type IssuedTokens, type Stage } from './stage.ts'

export type IntegrationSetting = {
  /** The API key this start authenticates with (default: the stage's). */
  apiKey?: string
  /** The port it listens on for webhooks. */
  port: number
  /** Where the fake delivers its webhooks, and the subscription's secret. */
  webhook: { url: string; secret: string }
  /** PLEO_POLL_INTERVAL, seconds. */
  pollSeconds: number
  stateFile: string
  /** OAuth tokens issued for this start. */
  tokens: IssuedTokens
}

export function integrationEnvironment(
  stage: Pick<Stage, 'url' | 'apiKey' | 'companyId' | 'oauthClient'>,
  setting: IntegrationSetting,
): Record<string, string> {
  const { tokens } = setting
  return {
    PLEO_API_URL: stage.url,
    PLEO_API_KEY: setting.apiKey ?? stage.apiKey,
    PLEO_COMPANY_ID: stage.companyId,
    PLEO_WEBHOOK_PORT: String(setting.port),
    PLEO_WEBHOOK_URL: setting.webhook.url,
    PLEO_WEBHOOK_SECRET: setting.webhook.secret,
    PLEO_OAUTH_CLIENT_ID: stage.oauthClient.clientId,
    PLEO_OAUTH_CLIENT_SECRET: stage.oauthClient.clientSecret,
    PLEO_OAUTH_AUTHORIZE_URL: `${stage.url}/oauth/authorize`,
    PLEO_OAUTH_TOKEN_URL: `${stage.url}/oauth/token`,
    PLEO_OAUTH_REDIRECT_URI: oauthRedirectUri,
    PLEO_OAUTH_ACCESS_TOKEN: tokens.access_token,
    PLEO_OAUTH_REFRESH_TOKEN: tokens.refresh_token,
    PLEO_OAUTH_EXPIRES_IN: String(tokens.expires_in),
    PLEO_POLL_INTERVAL: String(setting.pollSeconds),
    PLEO_STATE_FILE: setting.stateFile,
  }
}
