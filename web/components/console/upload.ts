import { lang } from "../../i18n";

export type UploadedFile = { id: string; name: string; contentType: string; size: number; sha256: string };

/**
 * POST /files/notices/{noticeId} as multipart form data, reporting progress (fetch cannot).
 * Rejects with the server's translated message.
 */
export function uploadNoticeFile(
  noticeId: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/files/notices/${encodeURIComponent(noticeId)}`);
    xhr.setRequestHeader("x-linli-lang", lang());
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const body = xhr.response as (UploadedFile & { error?: { message?: string } }) | null;
      if (xhr.status >= 200 && xhr.status < 300 && body && !body.error) resolve(body);
      else reject(new Error(body?.error?.message ?? `HTTP ${xhr.status}`));
    };
    xhr.onerror = () => reject(new Error(`HTTP ${xhr.status || "network error"}`));
    const form = new FormData();
    form.append("file", file);
    xhr.send(form);
  });
}
