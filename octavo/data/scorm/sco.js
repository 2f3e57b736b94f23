/*
 * Octavo's SCORM 1.2 runtime for one chapter page (a SCO).
 *
 * The page includes it with <script src="web_resources/sco.js" defer></script>. It finds the LMS's API object,
 * marks the chapter "incomplete" when the learner opens it and "completed" once the element with the id
 * "end-of-chapter" has been on screen, and ends the session when the page goes away. Outside an LMS (no API
 * found) it does nothing, so the page stays an ordinary readable web page.
 */
(function () {
  'use strict';

  const END_ID = 'end-of-chapter';
  const MAX_LEVELS = 10;

  // window.API on `win` or one of its parents, or null. Any access to another window may throw (cross-origin).
  function searchUp(win) {
    for (let level = 0; win && level <= MAX_LEVELS; level++) {
      try {
        if (win.API && typeof win.API.LMSInitialize === 'function') {
          return win.API;
        }
      } catch (e) { /* cross-origin window: keep walking */ }
      let parent = null;
      try {
        parent = win.parent;
      } catch (e) { /* unreachable parent */ }
      if (!parent || parent === win) {
        return null;
      }
      win = parent;
    }
    return null;
  }

  // The API on this window's chain of parents, else on the chain of the window that opened it.
  function findAPI() {
    try {
      return searchUp(window) || (window.opener ? searchUp(window.opener) : null);
    } catch (e) {
      return null;
    }
  }

  const api = findAPI();
  if (!api) {
    return; // Not in an LMS: leave the page alone.
  }

  let finished = false;

  // Call one API method; never after LMSFinish, and never let an LMS exception escape. Returns the result as a string.
  function call(method, ...args) {
    if (finished) {
      return '';
    }
    try {
      const result = api[method](...args);
      return result === undefined || result === null ? '' : String(result);
    } catch (e) {
      return '';
    }
  }

  if (call('LMSInitialize', '') !== 'true') {
    return; // The LMS refused the session; calling it further would only produce errors.
  }

  const status = call('LMSGetValue', 'cmi.core.lesson_status');
  if (status === '' || status === 'not attempted') {
    call('LMSSetValue', 'cmi.core.lesson_status', 'incomplete');
    call('LMSCommit', '');
  }

  // Completion: once the end of the chapter has been seen.
  let completed = false;
  let observer = null;

  function complete() {
    if (completed || finished) {
      return;
    }
    completed = true;
    stopWatching();
    const now = call('LMSGetValue', 'cmi.core.lesson_status');
    if (now !== 'completed' && now !== 'passed') { // never downgrade "passed"
      call('LMSSetValue', 'cmi.core.lesson_status', 'completed');
    }
    call('LMSCommit', '');
  }

  // Whether any part of the end element is inside the viewport.
  function endIsVisible() {
    const end = document.getElementById(END_ID);
    if (!end || end.getClientRects().length === 0) {
      return false; // missing, or not rendered (display: none)
    }
    const box = end.getBoundingClientRect();
    const height = window.innerHeight || document.documentElement.clientHeight;
    const width = window.innerWidth || document.documentElement.clientWidth;
    return box.top < height && box.bottom >= 0 && box.left < width && box.right >= 0;
  }

  function checkVisible() {
    try {
      if (endIsVisible()) {
        complete();
      }
    } catch (e) { /* layout not available: try again on the next event */ }
  }

  function stopWatching() {
    if (observer) {
      observer.disconnect();
      observer = null;
    }
    window.removeEventListener('scroll', checkVisible);
    window.removeEventListener('resize', checkVisible);
  }

  function watchEnd() {
    const end = document.getElementById(END_ID);
    if (!end) {
      return; // No end marker: the chapter stays "incomplete".
    }
    if (typeof window.IntersectionObserver === 'function') {
      observer = new IntersectionObserver((entries) => {
        for (const entry of entries) {
          if (entry.isIntersecting) {
            complete();
            return;
          }
        }
      });
      observer.observe(end);
    } else {
      window.addEventListener('scroll', checkVisible, { passive: true });
      window.addEventListener('resize', checkVisible, { passive: true });
    }
    // A short chapter is all on screen at once, without any scrolling.
    if (document.readyState === 'complete') {
      checkVisible();
    } else {
      window.addEventListener('load', checkVisible, { once: true });
    }
  }

  // End of the session: commit what we have, then finish, once, on whichever of beforeunload (fires first where
  // both exist) and pagehide comes; pagehide alone covers browsers that skip beforeunload (mobile, bfcache).
  function finish() {
    if (finished) {
      return;
    }
    stopWatching();
    call('LMSCommit', '');
    call('LMSFinish', '');
    finished = true;
  }

  window.addEventListener('pagehide', finish);
  window.addEventListener('beforeunload', finish);

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', watchEnd, { once: true });
  } else {
    watchEnd();
  }
})();
