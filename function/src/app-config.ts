export interface AppConfig {
  /** Origins whose browsers may call the API (`CORS_ALLOWED_ORIGINS`); `*` for any. None by default. */
  corsAllowedOrigins: readonly string[];
}

/**
 * `CORS_ALLOWED_ORIGINS`: a comma-separated list of origins (`https://app.example.com`), or `*`.
 * Read on the first request that needs it (see `createApp`), not at import.
 */
export function readAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const origins = (env.CORS_ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (origin !== '*' && !isOrigin(origin)) {
      throw new Error(`CORS_ALLOWED_ORIGINS holds ${JSON.stringify(origin)}, which is not an origin like https://app.example.com.`);
    }
  }
  return { corsAllowedOrigins: origins };
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

let processConfig: AppConfig | undefined;

/** The process's configuration, read from the environment on first call, then kept. */
export function processAppConfig(): AppConfig {
  processConfig ??= readAppConfig();
  return processConfig;
}
