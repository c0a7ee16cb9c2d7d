@testable import JiraLive
import Testing

/// The live read decides the next request from a page's top level alone; what is nested inside issues must never count.
@Suite struct PageHeaderTests {
    @Test("top-level scalars and list sizes; the same keys inside issues and strings ignored")
    func header() {
        let page = #"""
            {"startAt": 0, "maxResults": 1000, "total": 2500, "issues": [{"key": "A-1", "fields": {"total": 7, "summary": "a \"nextPageToken\":\"x\", [1,2]"}},
             {"key": "A-2", "fields": {"isLast": true, "labels": ["a", "b"]}}], "nextPageToken": "tok\/1", "isLast": false}
            """#
        let header = PageHeader(Array(page.utf8))
        #expect(header.isObject)
        #expect(header.numbers == ["startAt": 0, "maxResults": 1000, "total": 2500])
        #expect(header.counts == ["issues": 2] && header.booleans == ["isLast": false])
        #expect(header.strings == ["nextPageToken": "tok/1"], "JSON escapes decoded")
        #expect(PageHeader(Array(#"{"issues": [], "isLast": true}"#.utf8)).counts == ["issues": 0])
        for broken in ["", "[]", "{\"issues\": [", "{\"a\" 1}", "<html>"] {
            #expect(!PageHeader(Array(broken.utf8)).isObject, "\(broken)")
        }
    }
}
