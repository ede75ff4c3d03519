/** API tokens are `avk_` + 32 random bytes (base64url): the prefix tells them from session tokens. */
export const API_TOKEN_PREFIX = "avk_";
