package io.switchboard.common;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/** The contract's paging parameters {@code ?page=0&size=50}, size at most 200. */
public class PageRequest {

    public static final int MAX_SIZE = 200;

    @QueryParam("page")
    @DefaultValue("0")
    int page;

    /** The deepest offset served. */
    static final long MAX_OFFSET = 1_000_000;

    @QueryParam("size")
    @DefaultValue("50")
    int size;

    public PageRequest() {
    }

    public PageRequest(int page, int size) {
        this.page = page;
        this.size = size;
    }

    /** Checks the bounds; called by every list endpoint before it queries. */
    public PageRequest validated() {
        if (page < 0) {
            throw ApiException.badRequest("invalid_field", "page", "page must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw ApiException.badRequest("invalid_field", "size", "size must be between 1 and " + MAX_SIZE);
        }
        // Beyond this a list is searched, not paged through; it also keeps page * size an int.
        if ((long) page * size > MAX_OFFSET) {
            throw ApiException.badRequest("invalid_field", "page", "page * size may be at most " + MAX_OFFSET + "; narrow the list instead");
        }
        return this;
    }

    public int page() {
        return page;
    }

    public int size() {
        return size;
    }

    public int offset() {
        return page * size;
    }
}
