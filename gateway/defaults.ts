/** The gateway's port (conventions: gateway 8000). */
export const GATEWAY_PORT = 8000;
/** The deployment guide's limit for register, login and refreshToken per client and minute. */
export const DEFAULT_AUTH_RATE_LIMIT_PER_MINUTE = 5;
