import { createApiClient } from './api-client.js';

/** For the client's tests: a client whose every request is answered by `answer`, and the URLs it asked for. */
export function clientAnswering(answer: (url: URL) => Response) {
  const urls: URL[] = [];
  const api = createApiClient({
    baseUrl: 'https://api.example.com/prod/',
    fetch: async (request) => {
      urls.push(new URL(request.url));
      return answer(new URL(request.url));
    },
  });
  return { api, urls };
}
