// Chinese typed through an input method reaches the search box as text, at the end of a
// composition: Material searches on keyup, and an input method need not send one (nor one after
// the characters are chosen). So the search box is told of every change of its text that does
// not end with a key (compositionend, or an input event outside a composition) by a keyup of its
// own, and of none while a composition is under way (the pinyin letters being typed are not the
// query). README "搜索"; tests/test_search_reader.py types through composition events.
// A file of its own, not an inline script: the pages' Content-Security-Policy allows only 'self'.
(function () {
  "use strict";
  function isBox(target) {
    return target instanceof Element && target.matches("input.md-search__input");
  }
  function search(box) {
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: "Unidentified" }));
  }
  var composing = false;
  document.addEventListener("compositionstart", function (event) {
    if (isBox(event.target)) composing = true;
  }, true);
  document.addEventListener("compositionend", function (event) {
    if (!isBox(event.target)) return;
    composing = false;
    search(event.target);
  }, true);
  document.addEventListener("input", function (event) {
    if (isBox(event.target) && !composing && !event.isComposing) search(event.target);
  }, true);
  // While composing, the keys typed are the input method's: Material does not see them.
  document.addEventListener("keyup", function (event) {
    if (isBox(event.target) && event.isTrusted && (composing || event.isComposing || event.keyCode === 229))
      event.stopImmediatePropagation();
  }, true);
})();
